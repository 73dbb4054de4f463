/**
 * The one gate every sign-in factor passes (Keycloak's brute-force protector, logto's sentinel):
 * per factor, counters per IP, per account and source IP, and per account, in Redis.
 *
 *   const attempt = await gate.begin({ factor: 'pwd', subject: accountSubject(id), ip, captchaSolved });
 *   if (!attempt.allowed) → refuse with attempt.retryAfterSeconds
 *   secret right → attempt.succeed(); wrong → attempt.fail(); could not check → attempt.abandon()
 *
 * Only a secret that was checked and found wrong counts (NIST SP 800-63B-4 §3.2.2): outages and
 * right answers never do, however many run at once. The policy is in AttemptGateOptions and
 * README.md ("Lockout and throttling"); why our own scripts and not rate-limiter-flexible is in
 * docs/decisions.md.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import { DomainError } from '../domain/errors.js';
import { Clock } from '../time/clock.js';
import {
  ATTEMPT_GATE_OPTIONS,
  resolveAttemptGateOptions,
  type AttemptGateOptions,
} from './attempt-gate.options.js';
import {
  ACCOUNT_BEGIN_SCRIPT,
  ACCOUNT_FINISH_SCRIPT,
  IP_BEGIN_SCRIPT,
  IP_FINISH_SCRIPT,
} from './attempt-gate.scripts.js';
import { ipBucket } from './ip-bucket.js';

/** Counters of a known account: keyed on its id, whatever was typed to find it. */
export function accountSubject(accountId: string): string {
  return `a:${accountId}`;
}

/** Counters of a login that matches no account: keyed on a keyed hash of what was typed (PiiService.loginPseudonym). */
export function loginSubject(pseudonym: string): string {
  return `l:${pseudonym}`;
}

export interface AttemptRequest {
  /** `pwd`, `otp`, `sms`, ...: each factor has its own counters. */
  factor: string;
  /** accountSubject(id), or loginSubject(...) for logins without an account. */
  subject: string;
  ip: string | null;
  /** A captcha was solved for this attempt: the account-wide wait does not apply to it. */
  captchaSolved?: boolean;
}

/**
 * Why an attempt is refused: `permanent` (100 failures; the helpdesk clears it), `source` (this
 * account from this IP waits), `account` (the account waits; a solved captcha lifts it), `ip`
 * (this IP used its budget), `busy` (too many attempts of this account in flight at once).
 */
export type RefusalReason = 'permanent' | 'source' | 'account' | 'ip' | 'busy';

/** The one "too many attempts" answer: null retryAfterSeconds means permanent. */
export interface AttemptRefused {
  allowed: false;
  reason: RefusalReason;
  retryAfterSeconds: number | null;
}

/** What one verified failure did. Waits are in seconds, null when that failure started none. */
export interface FailureOutcome {
  /** Consecutive failures of the account, from every IP. */
  failures: number;
  /** Consecutive failures of the account from this IP. */
  sourceFailures: number;
  sourceWaitSeconds: number | null;
  /** The account-wide wait (lifted by a solved captcha); null also when permanent. */
  accountWaitSeconds: number | null;
  permanent: boolean;
  /** This failure used up the IP's budget (true once per window, for the audit trail). */
  ipBudgetSpent: boolean;
}

const FACTOR = /^[a-z][a-z0-9_-]{0,31}$/;
const SUBJECT = /^[a-z]:[A-Za-z0-9_.-]{1,80}$/;
const NO_IP = '-';

type Scripted = Redis & {
  eduSsoGateBegin(...args: (string | number)[]): Promise<[number, number]>;
  eduSsoGateIpBegin(...args: (string | number)[]): Promise<[number, number]>;
  eduSsoGateFinish(...args: (string | number)[]): Promise<[number, number, number, number]>;
  eduSsoGateIpFinish(...args: (string | number)[]): Promise<number>;
};

/** Of an attempt's seven keys, the account's two come first, then the IP's five. */
const ACCOUNT_KEYS = 2;

@Injectable()
export class AttemptGate {
  private readonly options: Readonly<AttemptGateOptions>;
  private readonly redis: Scripted;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly clock: Clock,
    @Inject(ATTEMPT_GATE_OPTIONS) options: Partial<AttemptGateOptions>,
  ) {
    this.options = resolveAttemptGateOptions(options);
    // defineCommand sends EVALSHA (EVAL once per connection): one round trip per call.
    redis.defineCommand('eduSsoGateBegin', { numberOfKeys: ACCOUNT_KEYS, lua: ACCOUNT_BEGIN_SCRIPT });
    redis.defineCommand('eduSsoGateIpBegin', { numberOfKeys: 7 - ACCOUNT_KEYS, lua: IP_BEGIN_SCRIPT });
    redis.defineCommand('eduSsoGateFinish', {
      numberOfKeys: ACCOUNT_KEYS,
      lua: ACCOUNT_FINISH_SCRIPT,
    });
    redis.defineCommand('eduSsoGateIpFinish', { numberOfKeys: 7 - ACCOUNT_KEYS, lua: IP_FINISH_SCRIPT });
    this.redis = redis as Scripted;
  }

  get policy(): Readonly<AttemptGateOptions> {
    return this.options;
  }

  /**
   * Decides and, when allowed, takes a place for the attempt: settle it with exactly one of
   * succeed, fail or abandon. When only attempts in flight stand in the way, waits for them
   * (backing off, at most maxQueueMs) rather than refusing.
   */
  async begin(req: AttemptRequest): Promise<Attempt | AttemptRefused> {
    const id = randomBytes(9).toString('base64url');
    const deadline = performance.now() + this.options.maxQueueMs;
    for (let pause = 20; ; pause *= 2) {
      const now = this.clock.now().getTime();
      const call = this.call(req, id, now);
      const [code, waitMs] = await this.take(call, req);
      if (code === 0) return new Attempt(this, call.keys, call.args, req.subject);
      if (code !== 5) return refused(REASONS[code] ?? 'busy', code === 1 ? null : waitMs);
      if (performance.now() + pause > deadline) return refused('busy', 1000);
      await sleep(pause + Math.floor(Math.random() * pause));
    }
  }

  /**
   * The account's side, then the IP's (see attempt-gate.scripts.ts): {0} with a place taken on
   * both sides, else the first refusal in the order permanent, ip, source, account, busy, with no
   * place left taken.
   */
  private async take(
    call: { keys: string[]; args: (string | number)[] },
    req: AttemptRequest,
  ): Promise<[number, number]> {
    const tail = [req.captchaSolved ? 1 : 0, req.subject];
    const account = await this.redis.eduSsoGateBegin(
      ...call.keys.slice(0, ACCOUNT_KEYS),
      ...call.args,
      ...tail,
    );
    if (account[0] === 1 || !req.ip) return account;
    const taken = account[0] === 0;
    const giveBack = () =>
      this.redis.eduSsoGateFinish(...call.keys.slice(0, ACCOUNT_KEYS), ...call.args, 'drop', req.subject);
    let ip: [number, number];
    try {
      ip = await this.redis.eduSsoGateIpBegin(
        ...call.keys.slice(ACCOUNT_KEYS),
        ...call.args,
        ...tail,
        taken ? 1 : 0,
      );
    } catch (e) {
      // An outage between the sides: the account's place is not held until its lease ends.
      if (taken) await giveBack().catch(() => undefined);
      throw e;
    }
    if (!taken) return ip[0] === 2 ? ip : account;
    if (ip[0] !== 0) await giveBack();
    return ip;
  }

  /** Every factor's counters of a subject, permanent locks included: the helpdesk, and a completed password reset. */
  async clear(subject: string): Promise<void> {
    await this.redis.del(this.subjectKey(subject));
  }

  /** Read-only: consecutive failures of a subject in one factor, and whether it is locked for good. */
  async failures(factor: string, subject: string): Promise<{ failures: number; permanent: boolean }> {
    const f = this.factor(factor);
    const [n, u] = await this.redis.hmget(this.subjectKey(subject), `${f}:n`, `${f}:u`);
    return { failures: Number(n ?? 0), permanent: u === '-1' };
  }

  /** @internal Attempt settles through here, at the Clock's time of settling. */
  async finish(
    attempt: { keys: string[]; args: (string | number)[]; subject: string },
    mode: 'fail' | 'ok' | 'drop',
  ): Promise<{ now: number; result: [number, number, number, number, number] }> {
    const now = this.clock.now().getTime();
    const args = [...attempt.args, mode, attempt.subject];
    args[1] = now;
    // The account's counters first: a failure counts there before anything else is written.
    const [n, pn, pu, u] = await this.redis.eduSsoGateFinish(...attempt.keys.slice(0, ACCOUNT_KEYS), ...args);
    // args[4]: the attempt has an IP (else it took no place there).
    const spent =
      args[4] === 1
        ? Number(await this.redis.eduSsoGateIpFinish(...attempt.keys.slice(ACCOUNT_KEYS), ...args))
        : 0;
    return { now, result: [n, pn, pu, u, spent] };
  }

  private call(req: AttemptRequest, id: string, now: number) {
    const o = this.options;
    const f = this.factor(req.factor);
    const bucket = req.ip ? ipBucket(req.ip) : NO_IP;
    const windowMs = o.ipWindowSeconds * 1000;
    const w = Math.floor(now / windowMs);
    // Hash tags: the IP's keys share one Redis Cluster slot, the subject's another.
    const ip = `gate:${o.namespace}:ip:{${f}:${bucket}}`;
    const subjectKey = this.subjectKey(req.subject);
    return {
      keys: [
        subjectKey,
        `${subjectKey}:inflight:${f}`,
        `${ip}:inflight`,
        `${ip}:failures:${w}`,
        `${ip}:failures:${w - 1}`,
        `${ip}:signed-in:${w}`,
        `${ip}:signed-in:${w - 1}`,
      ],
      args: [
        f,
        now,
        id,
        bucket,
        req.ip ? 1 : 0,
        o.sourceFreeFailures,
        o.accountFreeFailures,
        o.baseDelaySeconds,
        o.maxDelaySeconds,
        o.permanentLockAfter,
        o.ipMaxFailures,
        o.ipCreditPerAccount,
        windowMs,
        o.leaseSeconds * 1000,
        o.counterTtlSeconds * 1000,
      ],
    };
  }

  private factor(factor: string): string {
    if (!FACTOR.test(factor)) throw new DomainError('attempt_factor_invalid', 'invalid factor name');
    return factor;
  }

  private subjectKey(subject: string): string {
    if (!SUBJECT.test(subject)) throw new DomainError('attempt_subject_invalid', 'invalid attempt subject');
    return `gate:${this.options.namespace}:s:{${subject}}`;
  }
}

const REASONS: Record<number, RefusalReason> = { 1: 'permanent', 2: 'ip', 3: 'source', 4: 'account' };

function refused(reason: RefusalReason, waitMs: number | null): AttemptRefused {
  return {
    allowed: false,
    reason,
    retryAfterSeconds: waitMs === null ? null : Math.max(1, Math.ceil(waitMs / 1000)),
  };
}

/** One attempt that holds a place at the gate until it is settled (once; later calls do nothing). */
export class Attempt {
  readonly allowed = true as const;
  private settled = false;

  /** @internal Made by AttemptGate.begin only. */
  constructor(
    private readonly gate: AttemptGate,
    readonly keys: string[],
    readonly args: (string | number)[],
    readonly subject: string,
  ) {}

  /** The secret was right: the account's counters and this IP's start again; the IP earns credit. */
  async succeed(): Promise<void> {
    if (this.settle()) await this.gate.finish(this, 'ok');
  }

  /** The secret was checked and wrong: one failure everywhere. */
  async fail(): Promise<FailureOutcome> {
    if (!this.settle()) throw new DomainError('attempt_settled', 'attempt already settled');
    const { now, result } = await this.gate.finish(this, 'fail');
    const [failures, sourceFailures, sourceUntil, accountUntil, spent] = result;
    const seconds = (until: number) => (until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : null);
    return {
      failures,
      sourceFailures,
      // A permanent lock makes any per-source wait moot.
      sourceWaitSeconds: accountUntil === -1 ? null : seconds(sourceUntil),
      accountWaitSeconds: accountUntil === -1 ? null : seconds(accountUntil),
      permanent: accountUntil === -1,
      ipBudgetSpent: spent === 1,
    };
  }

  /** Nothing was checked (an outage): the place is given back and nothing counts. */
  async abandon(): Promise<void> {
    if (this.settle()) await this.gate.finish(this, 'drop');
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    return true;
  }
}
