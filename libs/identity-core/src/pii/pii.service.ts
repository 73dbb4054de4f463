import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BlindIndex, PiiCipher, parseKeyring } from '../domain/index.js';
import { IDENTITY_CORE_OPTIONS, type IdentityCoreOptions } from '../identity-core.options.js';

/** National IDs at rest: encrypted, indexed by a keyed hash, and pseudonymised for RPs. */
@Injectable()
export class PiiService {
  private readonly cipher: PiiCipher;
  private readonly index: BlindIndex;
  private readonly guidKey: Buffer;

  constructor(@Inject(IDENTITY_CORE_OPTIONS) options: IdentityCoreOptions) {
    this.cipher = new PiiCipher(parseKeyring(options.piiKeys));
    this.index = new BlindIndex(Buffer.from(options.blindIndexKey, 'base64'));
    this.guidKey = Buffer.from(options.guidKey, 'base64');
  }

  encrypt(value: string): string {
    return this.cipher.encrypt(value);
  }

  decrypt(token: string): string {
    return this.cipher.decrypt(token);
  }

  needsRotation(token: string): boolean {
    return this.cipher.needsRotation(token);
  }

  nationalIdIndex(normalizedNationalId: string): string {
    return this.index.compute('national-id', normalizedNationalId);
  }

  /**
   * A keyed hash standing for something typed in a login or identifier field that is not an
   * account (it may be a national ID, or a password typed in the wrong box): what audit events
   * and attempt counters record instead of the text. Only the operator can compute it, so the
   * helpdesk can still find "every failure for the name I was told".
   */
  loginPseudonym(foldedLogin: string): string {
    return this.index.compute('login', foldedLogin).slice(0, 32);
  }

  /**
   * The `guid` given to approved RPs: HMAC-SHA256 under a server secret. The legacy service
   * used an unsalted SHA-256 of the ID, which anyone can reverse by hashing all ~10^9 IDs.
   */
  guid(normalizedNationalId: string): string {
    return createHmac('sha256', this.guidKey).update(`guid:${normalizedNationalId}`).digest('hex');
  }
}
