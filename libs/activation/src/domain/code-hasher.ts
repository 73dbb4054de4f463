import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { ContactChannel } from './contact.js';

/**
 * Keyed hashes of one-time codes. Both kinds of code are random and short-lived, so HMAC-SHA256
 * is enough: unlike passwords there is no dictionary to slow down, and the key (never in the
 * database) stops offline guessing from a database copy. A lookup by hash needs it unsalted.
 */
export class CodeHasher {
  private readonly activationKey: Buffer;
  private readonly contactKey: Buffer;

  constructor(secret: Buffer) {
    const derive = (label: string) => Buffer.from(hkdfSync('sha256', secret, 'edu-sso', label, 32));
    this.activationKey = derive('activation-code/v1');
    this.contactKey = derive('contact-code/v1');
  }

  /** Of a normalized activation code; the column is unique and looked up by this value. */
  activationCode(code: string): string {
    return createHmac('sha256', this.activationKey).update(code).digest('hex');
  }

  /** Bound to the flow, channel and address: a code is good for nothing else. */
  contactCode(flowId: string, channel: ContactChannel, target: string, code: string): string {
    return createHmac('sha256', this.contactKey)
      .update(`${flowId}\0${channel}\0${target}\0${code}`)
      .digest('hex');
  }

  static equal(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
