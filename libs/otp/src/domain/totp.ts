import { Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 as authenticator apps expect it (Google Authenticator, Microsoft Authenticator, FreeOTP):
 * SHA-1, 6 digits, 30-second steps, 160-bit secrets. otpauth computes and checks the codes; this
 * file only fixes the parameters and says which step a code belongs to, for replay protection.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of the step before and after are accepted too (clock drift, a slow typist): ±1 step. */
export const TOTP_WINDOW = 1;

export interface TotpLabel {
  /** Shown as the account's provider in the app: 教育雲端帳號. */
  issuer: string;
  /** The account's name in the app (its username). */
  account: string;
}

/** A fresh 160-bit secret, base32 (what the person may type into the app instead of scanning). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label?: TotpLabel): TOTP {
  return new TOTP({
    issuer: label?.issuer,
    label: label?.account,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The `otpauth://totp/...` URI the QR code carries. */
export function totpUri(secretBase32: string, label: TotpLabel): string {
  return totp(secretBase32, label).toString();
}

/** The time step of a moment. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The time step whose code `code` is (within ±1 step of `at`), or null. Anything but exactly six
 * digits (after removing spaces) is no code at all.
 */
export function matchTotp(secretBase32: string, code: string, at: Date): number | null {
  const token = code.normalize('NFKC').replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: at.getTime(), window: TOTP_WINDOW });
  return delta === null ? null : totpStep(at) + delta;
}

/** Groups a base32 secret in fours, as it is easier to type: `ABCD EFGH …`. */
export function groupSecret(secretBase32: string): string {
  return secretBase32.replace(/(.{4})(?=.)/g, '$1 ');
}
