import { DomainError, type RateWindow } from '#identity-core';

export const PASSWORD_RESET_OPTIONS = Symbol('PASSWORD_RESET_OPTIONS');

export type { RateWindow };

export interface PasswordResetOptions {
  /**
   * 32 bytes: the key of every keyed hash in the flow (SMS codes, look-alike channels for unknown
   * accounts, sealed form state). It must not change often: look-alike channels are derived from it,
   * and a change would make them change while real ones stay, which tells them apart.
   */
  secret: Buffer;
  /** Absolute URL of the page that opens a reset link; `?token=…` is appended, e.g. `https://host/forgot/reset`. */
  resetLinkUrl: string;
  /**
   * Absolute URL that starts a sign-in with the username filled in; `?username=…` is appended
   * (the username reminder links to it). Default: `/signin` on the reset link's host.
   */
  signInUrl?: string;
  /** Prefix of the Redis keys of the rate limits (`<namespace>:pwreset:...`). */
  namespace: string;
  /** Email link lifetime (30). */
  linkTtlMinutes?: number;
  /** SMS code lifetime (10; NIST 800-63B and ASVS 6.5.5: at most 10). */
  codeTtlMinutes?: number;
  /** Wrong entries one SMS code allows (5). */
  codeMaxAttempts?: number;
  /** After a right code: how long the set-new-password form stays usable (15). */
  ticketTtlMinutes?: number;
  /** How long the "choose a channel" page can be submitted (15). */
  flowTtlMinutes?: number;
  /** Codes and links sent per account (or unknown identifier) (5 an hour). */
  sendsPerSubject?: RateWindow;
  /** Look-ups, sends and reminders per client IP (IPv6 per /64) (100 per 15 minutes: schools share NAT addresses). */
  requestsPerIp?: RateWindow;
  /** Username reminders per national ID (3 an hour). */
  remindersPerSubject?: RateWindow;
}

export type ResolvedPasswordResetOptions = Required<PasswordResetOptions>;

export function resolvePasswordResetOptions(o: PasswordResetOptions): ResolvedPasswordResetOptions {
  const r: ResolvedPasswordResetOptions = {
    linkTtlMinutes: 30,
    codeTtlMinutes: 10,
    codeMaxAttempts: 5,
    ticketTtlMinutes: 15,
    flowTtlMinutes: 15,
    sendsPerSubject: { max: 5, windowSeconds: 3600 },
    requestsPerIp: { max: 100, windowSeconds: 900 },
    remindersPerSubject: { max: 3, windowSeconds: 3600 },
    signInUrl: URL.canParse(o.resetLinkUrl) ? new URL('/signin', o.resetLinkUrl).href : '',
    ...o,
  };
  const int = (n: number, min: number, max: number) => Number.isSafeInteger(n) && n >= min && n <= max;
  const window = (w: RateWindow) => int(w.max, 1, 1_000_000) && int(w.windowSeconds, 1, 86_400);
  if (
    !Buffer.isBuffer(r.secret) ||
    r.secret.length < 32 ||
    !/^https?:\/\/[^\s/?#]+\/[^\s?#]*$/.test(r.resetLinkUrl) ||
    !/^https?:\/\/[^\s/?#]+\/[^\s?#]*$/.test(r.signInUrl) ||
    !/^[A-Za-z0-9_.-]{1,64}$/.test(r.namespace) ||
    !int(r.linkTtlMinutes, 1, 24 * 60) ||
    !int(r.codeTtlMinutes, 1, 10) ||
    !int(r.codeMaxAttempts, 1, 10) ||
    !int(r.ticketTtlMinutes, 1, 60) ||
    !int(r.flowTtlMinutes, 1, 60) ||
    ![r.sendsPerSubject, r.requestsPerIp, r.remindersPerSubject].every(window)
  )
    throw new DomainError('password_reset_options_invalid', 'invalid password reset options');
  return r;
}

/** The RateLimiter key prefix of one of the flow's request limits. */
export function rateSpace(o: { namespace: string }, limit: 'ip' | 'send' | 'remind'): string {
  return `${o.namespace}:pwreset:${limit}`;
}
