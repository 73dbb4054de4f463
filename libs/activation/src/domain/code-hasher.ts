import { OneTimeCodeHasher, sameHash } from '#identity-core';
import type { ContactChannel } from './contact.js';

/**
 * The activation lib's purposes in the one-time code toolkit (identity-core OneTimeCodeHasher):
 * activation codes, looked up by their hash (so unsalted), and contact codes, bound to the flow,
 * channel and address they prove. The labels are fixed: printed codes live for weeks.
 */
export class CodeHasher {
  private readonly codes: OneTimeCodeHasher<'activation' | 'contact'>;

  constructor(secret: Buffer) {
    this.codes = new OneTimeCodeHasher(secret, 'edu-sso', {
      activation: 'activation-code/v1',
      contact: 'contact-code/v1',
    });
  }

  /** Of a normalized activation code; the column is unique and looked up by this value. */
  activationCode(code: string): string {
    return this.codes.hash('activation', code);
  }

  /** Bound to the flow, channel and address: a code is good for nothing else. */
  contactCode(flowId: string, channel: ContactChannel, target: string, code: string): string {
    return this.codes.hash('contact', code, flowId, channel, target);
  }

  static equal(a: string, b: string): boolean {
    return sameHash(a, b);
  }
}
