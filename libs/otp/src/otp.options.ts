import { DomainError } from '#identity-core';

export const OTP_OPTIONS = Symbol('OTP_OPTIONS');

export interface OtpOptions {
  /** Secret for derived keys (recovery-code hashes, look-alike masks); used only through HKDF. */
  secret: Buffer;
  /** The provider name authenticator apps show next to the account (`教育雲端帳號`). */
  issuerLabel?: string;
  /** Redis key prefix of the deployment (SMS sign-in codes). */
  namespace: string;
  /** My account's address: security notices link to it ("if this was not you, sign out everywhere"). */
  accountUrl: string;
  /** An enrolment not confirmed within this many seconds is forgotten (900). */
  enrolmentTtlSeconds?: number;
}

export type ResolvedOtpOptions = Required<OtpOptions>;

export function resolveOtpOptions(o: OtpOptions): ResolvedOtpOptions {
  const r = { issuerLabel: '教育雲端帳號', enrolmentTtlSeconds: 900, ...o };
  if (
    !Buffer.isBuffer(r.secret) ||
    r.secret.length < 32 ||
    !r.namespace ||
    !/^https?:\/\//.test(r.accountUrl) ||
    r.enrolmentTtlSeconds < 60
  )
    throw new DomainError('otp_options_invalid', 'invalid otp options');
  return r;
}
