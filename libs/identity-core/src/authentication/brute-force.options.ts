import { DomainError } from '../domain/errors.js';

export const BRUTE_FORCE_OPTIONS = Symbol('BRUTE_FORCE_OPTIONS');

/** Lockout and rate-limit policy. Every field has a default; pass only what differs. */
export interface BruteForceOptions {
  /** Prefix of every Redis key (`bf:<namespace>:...`), so deployments and test runs sharing a Redis stay apart. */
  namespace: string;
  /** Failures allowed before any wait. */
  freeFailures: number;
  /** Wait after failure freeFailures+1; doubles with each further failure ... */
  baseDelaySeconds: number;
  /** ... up to this. */
  maxDelaySeconds: number;
  /** Consecutive failures that lock for good until an administrator clears it (NIST 800-63B: at most 100). */
  permanentLockAfter: number;
  /** Counters are forgotten this long after the last failure (cleanup only; permanent locks never expire). */
  counterTtlSeconds: number;
  /** Per-IP limiter: at most this many failed logins ... */
  ipMaxFailures: number;
  /** ... per fixed window of this length. */
  ipWindowSeconds: number;
}

export const DEFAULT_BRUTE_FORCE_OPTIONS: Readonly<BruteForceOptions> = Object.freeze({
  namespace: 'edusso',
  freeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 900,
  permanentLockAfter: 100,
  counterTtlSeconds: 24 * 3600,
  ipMaxFailures: 200,
  ipWindowSeconds: 300,
});

/** Defaults filled in and checked once, at boot. */
export function resolveBruteForceOptions(
  input: Partial<BruteForceOptions> = {},
): Readonly<BruteForceOptions> {
  const o = { ...DEFAULT_BRUTE_FORCE_OPTIONS, ...input };
  const int = (n: number, min: number) => Number.isSafeInteger(n) && n >= min;
  const ok =
    /^[A-Za-z0-9_.-]{1,64}$/.test(o.namespace) &&
    int(o.freeFailures, 0) &&
    int(o.baseDelaySeconds, 1) &&
    int(o.maxDelaySeconds, o.baseDelaySeconds) &&
    int(o.permanentLockAfter, o.freeFailures + 1) &&
    int(o.counterTtlSeconds, o.maxDelaySeconds) &&
    int(o.ipMaxFailures, 1) &&
    int(o.ipWindowSeconds, 1);
  if (!ok) throw new DomainError('brute_force_options_invalid', 'invalid brute-force options');
  return Object.freeze(o);
}
