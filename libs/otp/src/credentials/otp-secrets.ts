import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { OneTimeCodeHasher, PiiService } from '#identity-core';
import { OTP_OPTIONS, type ResolvedOtpOptions } from '../otp.options.js';
import { lookAlikeMobile } from '../domain/phone-mask.js';

/**
 * The keys of this lib, all derived from one secret: recovery codes are stored as HMACs bound to
 * the account; TOTP secrets are encrypted with the PII keyring (rotating with it, like national
 * IDs and client secrets), because the server needs them back to compute codes.
 */
@Injectable()
export class OtpSecrets {
  private readonly codes: OneTimeCodeHasher<'recovery'>;
  private readonly maskKey: Buffer;

  constructor(
    @Inject(OTP_OPTIONS) options: ResolvedOtpOptions,
    private readonly pii: PiiService,
  ) {
    this.codes = new OneTimeCodeHasher(options.secret, 'edu-sso/otp', { recovery: 'recovery-code v1' });
    this.maskKey = Buffer.from(hkdfSync('sha256', options.secret, 'edu-sso/otp', 'look-alike v1', 32));
  }

  recoveryHash(accountId: string, code: string): string {
    return this.codes.hash('recovery', code, accountId);
  }

  sealTotp(secretBase32: string): string {
    return this.pii.encrypt(secretBase32);
  }

  openTotp(cipher: string): string {
    return this.pii.decrypt(cipher);
  }

  lookAlikeMobile(subject: string): string {
    return lookAlikeMobile(this.maskKey, subject);
  }
}
