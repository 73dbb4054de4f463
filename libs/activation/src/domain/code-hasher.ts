import { OneTimeCodeHasher, sameHash } from '#identity-core';

/**
 * The activation lib's purposes in the one-time code toolkit (identity-core OneTimeCodeHasher):
 * activation codes, looked up by their hash (so unsalted). The label is fixed: printed codes live
 * for weeks. (Contact codes live in identity-core's VerificationCodes.)
 */
export class CodeHasher {
  private readonly codes: OneTimeCodeHasher<'activation'>;

  constructor(secret: Buffer) {
    this.codes = new OneTimeCodeHasher(secret, 'edu-sso', {
      activation: 'activation-code/v1',
    });
  }

  /** Of a normalized activation code; the column is unique and looked up by this value. */
  activationCode(code: string): string {
    return this.codes.hash('activation', code);
  }

  static equal(a: string, b: string): boolean {
    return sameHash(a, b);
  }
}
