import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  LINK_TOKEN_PATTERN,
  OneTimeCodeHasher,
  SIX_DIGITS,
  generateCode,
  hashLinkToken,
  newLinkToken,
} from '#identity-core';
import { PASSWORD_RESET_OPTIONS, type PasswordResetOptions } from '../password-reset.options.js';

/** 32 random bytes, base64url: what links and forms carry. */
export const TOKEN_PATTERN = LINK_TOKEN_PATTERN;
export const CODE_PATTERN = /^\d{6}$/;

const SEAL_VERSION = 1;
const SEAL_BLOCK = 256;

/**
 * Every secret of the reset flow, behind one injectable port (tests can replace it to know the code).
 * Codes and links come from identity-core's one-time code toolkit; the rest is the flow's own.
 *  - Link tokens and form tickets: 256 random bits, stored as SHA-256 (a hash suffices: they cannot be guessed).
 *  - SMS codes: 6 digits, stored as HMAC under a server key and salted with their challenge, since
 *    a plain hash of a 6-digit code is reversed offline in a millisecond.
 *  - Look-alike channels and rate-limit keys of unknown identifiers: keyed hashes, stable per input.
 *  - Form state between two pages: sealed (AES-256-GCM), so it can be neither read nor altered.
 * Each use has its own key, derived from the one configured secret with HKDF.
 */
@Injectable()
export class ResetSecrets {
  private readonly codes: OneTimeCodeHasher<'sms-code'>;
  private readonly lookAlikeKey: Buffer;
  private readonly subjectKey: Buffer;
  private readonly sealKey: Buffer;

  constructor(@Inject(PASSWORD_RESET_OPTIONS) options: PasswordResetOptions) {
    const derive = (info: string) =>
      Buffer.from(hkdfSync('sha256', options.secret, 'edu-sso/password-reset', info, 32));
    this.codes = new OneTimeCodeHasher(options.secret, 'edu-sso/password-reset', { 'sms-code': 'sms-code' });
    this.lookAlikeKey = derive('look-alike-channels');
    this.subjectKey = derive('subject-key');
    this.sealKey = derive('form-seal');
  }

  newToken(): string {
    return newLinkToken();
  }

  newCode(): string {
    return generateCode(SIX_DIGITS);
  }

  hashToken(token: string): string {
    return hashLinkToken(token);
  }

  /** `salt` is the challenge's token hash, so equal codes of two challenges never store alike. */
  hashCode(salt: string, code: string): string {
    return this.codes.hash('sms-code', code, salt);
  }

  codeMatches(storedHex: string, salt: string, code: string): boolean {
    return this.codes.matches(storedHex, 'sms-code', code, salt);
  }

  /** 32 bytes that stand for an identifier without an account (see lookAlikeChannels). */
  lookAlikeBytes(identifierKey: string): Buffer {
    return createHmac('sha256', this.lookAlikeKey).update(identifierKey, 'utf8').digest();
  }

  /** A stable, non-reversible name for an identifier, for counters and audit targets. */
  pseudonym(identifierKey: string): string {
    return createHmac('sha256', this.subjectKey).update(identifierKey, 'utf8').digest('hex').slice(0, 32);
  }

  /** `payload` readable only by `unseal`, and only until `expiresAt`. */
  seal(payload: Record<string, unknown>, expiresAt: Date): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    // Padded to whole blocks, so the length does not vary with the identifier it holds.
    const json = JSON.stringify({ v: SEAL_VERSION, exp: expiresAt.getTime(), p: payload });
    const body = json.padEnd(Math.ceil((json.length + 1) / SEAL_BLOCK) * SEAL_BLOCK, ' ');
    const ct = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url');
  }

  /** The payload, or null when the value is malformed, forged, or expired at `now`. */
  unseal(sealed: unknown, now: Date): Record<string, unknown> | null {
    if (typeof sealed !== 'string' || sealed.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(sealed)) return null;
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 12 + 16 + 2) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      const body = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
      const parsed = JSON.parse(body.toString('utf8')) as { v?: unknown; exp?: unknown; p?: unknown };
      if (parsed.v !== SEAL_VERSION || typeof parsed.exp !== 'number' || parsed.exp <= now.getTime())
        return null;
      return typeof parsed.p === 'object' && parsed.p !== null ? (parsed.p as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
}
