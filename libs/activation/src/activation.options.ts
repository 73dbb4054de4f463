import { DomainError } from '#identity-core';

export const ACTIVATION_OPTIONS = Symbol('ACTIVATION_OPTIONS');

export interface ActivationOptions {
  /**
   * base64, 32 bytes. Activation and contact codes are hashed with HMAC keys derived from it (HKDF,
   * one label per purpose), so a stolen database alone does not let anyone test guesses offline.
   */
  codeSecret: string;
  /** Prefix of this feature's Redis keys (`<prefix>:activation:...`). */
  redisPrefix: string;
  /** Absolute URL of the activation page, put into mails that carry a code. */
  activationUrl: string;
  /** Absolute URL of the application status page, put into the "received" mail (default `/apply/status` on the activation page's host). */
  applicationStatusUrl?: string;
  /** Default validity of a new activation code (30 days). */
  codeTtlDays?: number;
  /** Idle lifetime of an activation or application flow in progress (30 minutes). */
  flowTtlSeconds?: number;
  /** Validity of an email or SMS verification code (10 minutes, NIST 800-63B). */
  contactCodeTtlSeconds?: number;
  /** Wrong entries allowed per channel and flow; a new code does not reset the count. */
  contactCodeMaxTries?: number;
  /** Codes one flow may send per channel. */
  contactCodeMaxSends?: number;
  /** Codes one address or number may receive per hour, whoever asks. */
  contactSendsPerHour?: number;
  /** Applications one national ID may submit per day. */
  applicationsPerDay?: number;
  /** Status look-ups per reference number, and (×10) per client IP, per hour. */
  statusChecksPerHour?: number;
}

export type ResolvedActivationOptions = Readonly<Required<ActivationOptions>>;

export function resolveActivationOptions(o: ActivationOptions): ResolvedActivationOptions {
  const r = {
    codeTtlDays: 30,
    flowTtlSeconds: 1800,
    contactCodeTtlSeconds: 600,
    contactCodeMaxTries: 5,
    contactCodeMaxSends: 5,
    contactSendsPerHour: 10,
    applicationsPerDay: 5,
    applicationStatusUrl: URL.canParse(o.activationUrl) ? new URL('/apply/status', o.activationUrl).href : '',
    statusChecksPerHour: 10,
    ...o,
  };
  const int = (n: number, min: number, max: number) => Number.isSafeInteger(n) && n >= min && n <= max;
  const ok =
    Buffer.from(r.codeSecret, 'base64').length === 32 &&
    /^[A-Za-z0-9_.-]{1,64}$/.test(r.redisPrefix) &&
    /^https?:\/\//.test(r.activationUrl) &&
    /^https?:\/\//.test(r.applicationStatusUrl) &&
    int(r.statusChecksPerHour, 1, 1000) &&
    int(r.codeTtlDays, 1, 365) &&
    int(r.flowTtlSeconds, 60, 86400) &&
    int(r.contactCodeTtlSeconds, 60, 600) &&
    int(r.contactCodeMaxTries, 1, 10) &&
    int(r.contactCodeMaxSends, 1, 20) &&
    int(r.contactSendsPerHour, 1, 1000) &&
    int(r.applicationsPerDay, 1, 1000);
  if (!ok) throw new DomainError('activation_options_invalid', 'invalid activation options');
  return Object.freeze(r);
}
