/**
 * Brute-force protection: per-account, per-factor failure counters with growing waits and a
 * permanent lock (NIST 800-63B: at most 100 consecutive failures), plus a per-IP limiter.
 *
 * Counters live in one Redis hash per normalized login, one pair of fields per factor, so a
 * wrong OTP never locks the password (Keycloak's known flaw) and `clear` is a single DEL.
 * Unknown logins get counters exactly like real ones, so lockouts do not reveal which exist.
 * Time comes from the Clock and is compared in the script; Redis TTLs only clean up.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import { normalizeLogin } from '../accounts/username.js';
import { DomainError } from '../domain/errors.js';
import { Clock } from '../time/clock.js';
import {
  BRUTE_FORCE_OPTIONS,
  resolveBruteForceOptions,
  type BruteForceOptions,
} from './brute-force.options.js';
import { ipBucket } from './ip-bucket.js';

export type Blocked = { allowed: false; /** null: permanent */ retryAfterSeconds: number | null };
export type CheckResult = { allowed: true } | Blocked;

/** Where a login stands after a failure. */
export type LockState =
  | { failures: number; lock: 'none' }
  | { failures: number; lock: 'temporary'; retryAfterSeconds: number }
  | { failures: number; lock: 'permanent' };

/** `attempt`: either refused now, or let through and already counted as the failure described by `ifFailed`. */
export type AttemptResult = { allowed: true; ifFailed: LockState } | Blocked;

export interface IpHit {
  failures: number;
  /** The limit is reached: further attempts from this IP are refused until the window ends. */
  limited: boolean;
}

const PERMANENT = -1;

// Shared tail: a permanent lock in any factor keeps the whole hash; otherwise it expires ttl after the last write.
const EXPIRE_OR_PERSIST = `
local function expireOrPersist(key, ttl)
  local all = redis.call('HGETALL', key)
  if #all == 0 then return end
  for i = 1, #all, 2 do
    if string.sub(all[i], -2) == ':u' and all[i + 1] == '-1' then
      redis.call('PERSIST', key)
      return
    end
  end
  redis.call('PEXPIRE', key, ttl)
end
`;

/**
 * KEYS[1] counters hash. ARGV: factor, mode, now (ms), freeFailures, baseDelay (s), maxDelay (s),
 * permanentLockAfter, ttl (ms). mode 'attempt' refuses while locked and otherwise counts the attempt
 * as a failure up front; mode 'record' always counts. Returns {allowed 0|1, failures, lockedUntil (ms, -1 permanent, 0 none)}.
 */
const FAIL_SCRIPT = `${EXPIRE_OR_PERSIST}
local f = ARGV[1]
local now = tonumber(ARGV[3])
local n = tonumber(redis.call('HGET', KEYS[1], f .. ':n') or '0')
if ARGV[2] == 'attempt' then
  local u = tonumber(redis.call('HGET', KEYS[1], f .. ':u') or '0')
  if u == -1 or u > now then return {0, n, u} end
end
n = n + 1
local free = tonumber(ARGV[4])
local u = 0
if n >= tonumber(ARGV[7]) then
  u = -1
elseif n > free then
  local wait = tonumber(ARGV[5]) * (2 ^ (n - free - 1))
  local max = tonumber(ARGV[6])
  if wait > max then wait = max end
  u = now + math.floor(wait) * 1000
end
redis.call('HSET', KEYS[1], f .. ':n', n, f .. ':u', u)
expireOrPersist(KEYS[1], ARGV[8])
return {1, n, u}
`;

/** KEYS[1] counters hash. ARGV: factor, ttl (ms). */
const RESET_SCRIPT = `${EXPIRE_OR_PERSIST}
redis.call('HDEL', KEYS[1], ARGV[1] .. ':n', ARGV[1] .. ':u')
expireOrPersist(KEYS[1], ARGV[2])
return 1
`;

const FACTOR = /^[a-z][a-z0-9_-]{0,31}$/;

type Scripted = Redis & {
  eduSsoBfFail(key: string, ...args: (string | number)[]): Promise<[number, number, number]>;
  eduSsoBfReset(key: string, ...args: (string | number)[]): Promise<number>;
};

@Injectable()
export class BruteForceGuard {
  private readonly options: Readonly<BruteForceOptions>;
  private readonly redis: Scripted;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly clock: Clock,
    @Inject(BRUTE_FORCE_OPTIONS) options: Partial<BruteForceOptions>,
  ) {
    this.options = resolveBruteForceOptions(options);
    // defineCommand sends EVALSHA and falls back to EVAL once per connection: one round trip per call.
    redis.defineCommand('eduSsoBfFail', { numberOfKeys: 1, lua: FAIL_SCRIPT });
    redis.defineCommand('eduSsoBfReset', { numberOfKeys: 1, lua: RESET_SCRIPT });
    this.redis = redis as Scripted;
  }

  get policy(): Readonly<BruteForceOptions> {
    return this.options;
  }

  /** Read-only: may this factor be tried for this login now? */
  async check(factor: string, login: string): Promise<CheckResult> {
    const until = await this.redis.hget(this.loginKey(login), `${this.factor(factor)}:u`);
    return this.blockedBy(Number(until ?? 0), this.clock.now().getTime()) ?? { allowed: true };
  }

  /**
   * Atomic check-and-count for the login hot path: when allowed, the attempt is already counted as a
   * failure (call `reset` on success). Concurrent guesses therefore cannot all slip through between a
   * check and the failure being recorded. Blocked attempts are not counted and do not extend the wait.
   */
  async attempt(factor: string, login: string): Promise<AttemptResult> {
    const now = this.clock.now().getTime();
    const [allowed, failures, until] = await this.fail('attempt', factor, login, now);
    if (!allowed) return this.blockedBy(until, now) ?? { allowed: false, retryAfterSeconds: 1 };
    return { allowed: true, ifFailed: this.state(failures, until, now) };
  }

  /** Counts one failure (even while locked) and returns the resulting state. */
  async recordFailure(factor: string, login: string): Promise<LockState> {
    const now = this.clock.now().getTime();
    const [, failures, until] = await this.fail('record', factor, login, now);
    return this.state(failures, until, now);
  }

  /** After a success of this factor: its counter starts again at zero; other factors keep theirs. */
  async reset(factor: string, login: string): Promise<void> {
    await this.redis.eduSsoBfReset(
      this.loginKey(login),
      this.factor(factor),
      this.options.counterTtlSeconds * 1000,
    );
  }

  /** Every factor, including permanent locks: the administrator's "clear lockout" and password reset. */
  async clear(login: string): Promise<void> {
    await this.redis.del(this.loginKey(login));
  }

  /** Fixed window per IP (IPv6 per /64). A null IP is not limited: there is nothing to key it on. */
  async checkIp(ip: string | null): Promise<CheckResult> {
    if (!ip) return { allowed: true };
    const now = this.clock.now().getTime();
    const count = Number((await this.redis.get(this.ipKey(ip, now))) ?? 0);
    return count >= this.options.ipMaxFailures
      ? { allowed: false, retryAfterSeconds: this.windowRemaining(now) }
      : { allowed: true };
  }

  /** Counts one failed login from this IP. */
  async hitIp(ip: string | null): Promise<IpHit> {
    if (!ip) return { failures: 0, limited: false };
    const now = this.clock.now().getTime();
    const key = this.ipKey(ip, now);
    const res = await this.redis
      .multi()
      .incr(key)
      .pexpire(key, this.options.ipWindowSeconds * 2000)
      .exec();
    const failures = Number(res?.[0]?.[1] ?? 0);
    return { failures, limited: failures >= this.options.ipMaxFailures };
  }

  private fail(mode: 'attempt' | 'record', factor: string, login: string, now: number) {
    const o = this.options;
    return this.redis.eduSsoBfFail(
      this.loginKey(login),
      this.factor(factor),
      mode,
      now,
      o.freeFailures,
      o.baseDelaySeconds,
      o.maxDelaySeconds,
      o.permanentLockAfter,
      o.counterTtlSeconds * 1000,
    );
  }

  private blockedBy(until: number, now: number): Blocked | null {
    if (until === PERMANENT) return { allowed: false, retryAfterSeconds: null };
    if (until > now) return { allowed: false, retryAfterSeconds: Math.ceil((until - now) / 1000) };
    return null;
  }

  private state(failures: number, until: number, now: number): LockState {
    if (until === PERMANENT) return { failures, lock: 'permanent' };
    if (until > now)
      return { failures, lock: 'temporary', retryAfterSeconds: Math.ceil((until - now) / 1000) };
    return { failures, lock: 'none' };
  }

  private factor(factor: string): string {
    if (!FACTOR.test(factor)) throw new DomainError('brute_force_factor_invalid', 'invalid factor name');
    return factor;
  }

  /**
   * One key per account whatever the spelling (`Name`, `name@mail.edu.tw`). Inputs that cannot be a
   * username still get their own counter. Hashed: the login field sometimes holds a mistyped password.
   */
  private loginKey(login: string): string {
    const normalized = normalizeLogin(login);
    const id = normalized !== null ? `u:${normalized}` : `raw:${String(login).trim().toLowerCase()}`;
    const digest = createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 22);
    return `bf:${this.options.namespace}:login:${digest}`;
  }

  private ipKey(ip: string, now: number): string {
    const windowMs = this.options.ipWindowSeconds * 1000;
    return `bf:${this.options.namespace}:ip:${ipBucket(ip)}:${Math.floor(now / windowMs)}`;
  }

  private windowRemaining(now: number): number {
    const windowMs = this.options.ipWindowSeconds * 1000;
    return Math.ceil(((Math.floor(now / windowMs) + 1) * windowMs - now) / 1000);
  }
}
