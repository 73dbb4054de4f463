import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import { DomainError, TooManyAttempts } from '../domain/errors.js';
import { IDENTITY_CORE_OPTIONS, type IdentityCoreOptions } from '../identity-core.options.js';
import { Clock } from '../time/clock.js';
import { generateCode, readCode, type CodeFormat } from './one-time-code.js';

/** How one kind of code behaves: its shape, life, tries and resend interval. */
export interface CodePolicy {
  readonly format: CodeFormat;
  readonly ttlSeconds: number;
  /** Wrong entries before the code stops working. */
  readonly maxTries: number;
  /** A new code for the same subject is refused (TooManyAttempts) for this long after the last. */
  readonly resendAfterSeconds: number;
  /**
   * Wrong entries count across the subject's codes for this long, so a new code does not bring
   * new tries. Left out: tries belong to each code (a long-term failure count is AttemptGate's).
   */
  readonly triesSpanSeconds?: number;
}

export interface IssuedCode {
  /** What is sent to the person; never stored. */
  readonly code: string;
  readonly expiresAt: Date;
}

/**
 * `accepted`: right and now used up. `wrong`: counted, `remainingTries` left. `format`: cannot be
 * a code of this policy (not counted). `expired`, `exhausted` (no tries left), `none` (no code
 * issued, or already used).
 */
export type CodeCheckResult = 'accepted' | 'wrong' | 'format' | 'expired' | 'exhausted' | 'none';

export interface CodeCheck {
  readonly result: CodeCheckResult;
  readonly remainingTries: number;
}

const PURPOSE = /^[a-z][a-z0-9-]{0,39}$/;

// KEYS: code, tries. ARGV: hash, now ms, expires ms, resend ms, ttl ms, span ms.
// Returns 0 when issued, else the milliseconds until a new code may be issued.
const ISSUE_SCRIPT = `
local issued = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
local now = tonumber(ARGV[2])
if issued > 0 and now - issued < tonumber(ARGV[4]) then return tonumber(ARGV[4]) - (now - issued) end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'exp', ARGV[3], 'at', ARGV[2], 'n', 0)
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[5]), tonumber(ARGV[4])) + 60000)
return 0
`;

// KEYS: code, tries. ARGV: hash, now ms, max tries, span ms (0: tries per code).
// Returns {result, remaining tries}. Comparing keyed hashes in Lua is not constant-time, which
// tells nothing: without the key a hash says nothing about the code.
const CHECK_SCRIPT = `
local stored = redis.call('HMGET', KEYS[1], 'h', 'exp', 'n')
if not stored[1] then return {'none', 0} end
local max = tonumber(ARGV[3])
local span = tonumber(ARGV[4])
local tries = tonumber(stored[3] or '0')
if span > 0 then tries = tonumber(redis.call('GET', KEYS[2]) or '0') end
if tries >= max then return {'exhausted', 0} end
if tonumber(ARGV[2]) > tonumber(stored[2]) then return {'expired', max - tries} end
if stored[1] == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {'accepted', max - tries}
end
if span > 0 then
  tries = redis.call('INCR', KEYS[2])
  if tries == 1 then redis.call('PEXPIRE', KEYS[2], span) end
else
  tries = redis.call('HINCRBY', KEYS[1], 'n', 1)
end
if tries >= max then return {'exhausted', 0} end
return {'wrong', max - tries}
`;

type Scripted = Redis & {
  eduSsoCodeIssue(...args: (string | number)[]): Promise<number>;
  eduSsoCodeCheck(...args: (string | number)[]): Promise<[CodeCheckResult, number]>;
};

/**
 * The verification-code toolkit, part 3: issue and check one-time codes by purpose and subject
 * (an account and channel, a flow and address…). A code is random, kept only as a keyed hash
 * bound to purpose, subject and binding, expires, allows a number of wrong entries, works once,
 * and a new one replaces the last no sooner than the resend interval. One Redis script per call,
 * so instances agree and a code is never accepted twice. Expiry follows the Clock (tests move it);
 * Redis expiry only cleans up.
 */
@Injectable()
export class VerificationCodes {
  private readonly key: Buffer;
  private readonly namespace: string;
  private readonly redis: Scripted;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly clock: Clock,
    @Inject(IDENTITY_CORE_OPTIONS) options: IdentityCoreOptions,
  ) {
    this.key = Buffer.from(
      hkdfSync('sha256', Buffer.from(options.blindIndexKey, 'base64'), 'edu-sso', 'verification-code/v1', 32),
    );
    this.namespace = options.redisNamespace ?? 'edu-sso';
    redis.defineCommand('eduSsoCodeIssue', { numberOfKeys: 2, lua: ISSUE_SCRIPT });
    redis.defineCommand('eduSsoCodeCheck', { numberOfKeys: 2, lua: CHECK_SCRIPT });
    this.redis = redis as Scripted;
  }

  /**
   * A fresh code for `subject`, replacing any earlier one. `binding` (an address, a device) is
   * what the code proves besides the subject: checking with another binding fails. Refused with
   * TooManyAttempts inside the resend interval.
   */
  async issue(purpose: string, subject: string, policy: CodePolicy, binding = ''): Promise<IssuedCode> {
    const code = generateCode(policy.format);
    const now = this.clock.now().getTime();
    const expires = now + policy.ttlSeconds * 1000;
    const wait = await this.redis.eduSsoCodeIssue(
      ...this.keys(purpose, subject),
      this.hash(purpose, subject, binding, code),
      now,
      expires,
      policy.resendAfterSeconds * 1000,
      policy.ttlSeconds * 1000,
      (policy.triesSpanSeconds ?? 0) * 1000,
    );
    if (wait > 0) throw new TooManyAttempts(Math.ceil(wait / 1000));
    return { code, expiresAt: new Date(expires) };
  }

  /** Checks what a person typed; `accepted` uses the code up. */
  async check(
    purpose: string,
    subject: string,
    input: unknown,
    policy: CodePolicy,
    binding = '',
  ): Promise<CodeCheck> {
    const keys = this.keys(purpose, subject);
    const code = readCode(policy.format, input);
    if (code === null) return { result: 'format', remainingTries: policy.maxTries };
    const [result, remainingTries] = await this.redis.eduSsoCodeCheck(
      ...keys,
      this.hash(purpose, subject, binding, code),
      this.clock.now().getTime(),
      policy.maxTries,
      (policy.triesSpanSeconds ?? 0) * 1000,
    );
    return { result, remainingTries: Number(remainingTries) };
  }

  /** Seconds until a new code may be issued for `subject` (0: now). */
  async resendIn(purpose: string, subject: string, policy: CodePolicy): Promise<number> {
    const at = Number((await this.redis.hget(this.keys(purpose, subject)[0], 'at')) ?? 0);
    const wait = at + policy.resendAfterSeconds * 1000 - this.clock.now().getTime();
    return at > 0 && wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** Forgets the subject's code and its tries (e.g. the flow it belonged to ended). */
  async discard(purpose: string, subject: string): Promise<void> {
    await this.redis.del(...this.keys(purpose, subject));
  }

  private keys(purpose: string, subject: string): [string, string] {
    if (!PURPOSE.test(purpose)) throw new DomainError('code_purpose_invalid', 'invalid code purpose');
    // Hash-tagged: both keys of a script live in one Redis Cluster slot.
    const tag = createHash('sha256')
      .update(`${purpose}\0${subject}`, 'utf8')
      .digest('base64url')
      .slice(0, 22);
    return [`${this.namespace}:code:${purpose}:{${tag}}`, `${this.namespace}:code-tries:${purpose}:{${tag}}`];
  }

  private hash(purpose: string, subject: string, binding: string, code: string): string {
    return createHmac('sha256', this.key)
      .update([purpose, subject, binding, code].join('\0'), 'utf8')
      .digest('hex');
  }
}
