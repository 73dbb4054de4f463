import { DomainError } from '../domain/errors.js';

export const ATTEMPT_GATE_OPTIONS = Symbol('ATTEMPT_GATE_OPTIONS');

/**
 * The attempt policy (NIST SP 800-63B-4 §3.2.2), the same for every factor, each factor counted
 * apart. Every field has a default; pass only what differs. Only verified failures count.
 */
export interface AttemptGateOptions {
  /** Prefix of every Redis key (`gate:<namespace>:...`), so deployments and test runs sharing a Redis stay apart. */
  namespace: string;
  /** Per account and source IP: failures before any wait ... */
  sourceFreeFailures: number;
  /** ... then a wait of this long after the next failure, doubling with each further one ... */
  baseDelaySeconds: number;
  /** ... up to this. The same ladder applies to the account-wide wait below. */
  maxDelaySeconds: number;
  /**
   * Per account, from every IP together: failures before the account-wide wait starts. A solved
   * captcha lifts that wait (so an attack from many addresses cannot lock the owner out); the
   * per-source waits and the permanent lock still apply.
   */
  accountFreeFailures: number;
  /** Consecutive failures of one account that lock it for good until the helpdesk clears it (NIST: at most 100). */
  permanentLockAfter: number;
  /** Counters are forgotten this long after an account's last failure (permanent locks never are). */
  counterTtlSeconds: number;
  /** Per IP (IPv6 per /64): failures allowed within a sliding window ... */
  ipMaxFailures: number;
  /** ... of this length ... */
  ipWindowSeconds: number;
  /** ... plus this many for each different account that signed in from that IP within the window. */
  ipCreditPerAccount: number;
  /** An attempt holds its place this long at most (a process that died mid-attempt gives it back then). */
  leaseSeconds: number;
  /** How long an attempt waits for attempts in flight to finish before it is refused as busy. */
  maxQueueMs: number;
}

export const DEFAULT_ATTEMPT_GATE_OPTIONS: Readonly<AttemptGateOptions> = Object.freeze({
  namespace: 'edusso',
  sourceFreeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 900,
  accountFreeFailures: 10,
  permanentLockAfter: 100,
  counterTtlSeconds: 24 * 3600,
  ipMaxFailures: 500,
  ipWindowSeconds: 3600,
  ipCreditPerAccount: 5,
  leaseSeconds: 30,
  maxQueueMs: 3000,
});

/** Defaults filled in and checked once, at boot. */
export function resolveAttemptGateOptions(
  input: Partial<AttemptGateOptions> = {},
): Readonly<AttemptGateOptions> {
  const o = { ...DEFAULT_ATTEMPT_GATE_OPTIONS, ...input };
  const int = (n: number, min: number) => Number.isSafeInteger(n) && n >= min;
  const ok =
    /^[A-Za-z0-9_.-]{1,64}$/.test(o.namespace) &&
    int(o.sourceFreeFailures, 0) &&
    int(o.baseDelaySeconds, 1) &&
    int(o.maxDelaySeconds, o.baseDelaySeconds) &&
    int(o.accountFreeFailures, 0) &&
    int(o.permanentLockAfter, Math.max(o.sourceFreeFailures, o.accountFreeFailures) + 1) &&
    int(o.counterTtlSeconds, o.maxDelaySeconds) &&
    int(o.ipMaxFailures, 1) &&
    int(o.ipWindowSeconds, 1) &&
    int(o.ipCreditPerAccount, 0) &&
    int(o.leaseSeconds, 1) &&
    int(o.maxQueueMs, 0);
  if (!ok) throw new DomainError('attempt_gate_options_invalid', 'invalid attempt gate options');
  return Object.freeze(o);
}
