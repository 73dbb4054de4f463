import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import {
  FixedClock,
  ValidationFailed,
  type AuditRecord,
  type AttemptGate,
  type AuditService,
  type FailureOutcome,
  TooManyAttempts,
} from '#identity-core';
import type { ResetChallengeEntity } from '../../challenges/reset-challenge.entity.js';
import type { ResetChallengeRepository } from '../../challenges/reset-challenge.repository.js';
import { ResetCodeUnusable, ResetCodeWrong, ResetFlowExpired } from '../../domain/reset-errors.js';
import { resolvePasswordResetOptions } from '../../password-reset.options.js';
import { ResetSecrets, TOKEN_PATTERN } from '../../secrets/reset-secrets.js';
import {
  normalizeCode,
  RESET_CODE_FACTOR,
  resetCodeSubject,
  VerifyResetCodeUseCase,
} from './verify-reset-code.use-case.js';

const options = resolvePasswordResetOptions({
  secret: randomBytes(32),
  resetLinkUrl: 'http://x/forgot/reset',
  namespace: 't',
});
const MAX = options.codeMaxAttempts;
const T0 = new Date('2026-03-01T08:00:00Z');
const ctx = { ip: '192.0.2.7', userAgent: 'test-agent' };

/** The repository's conditional updates, in memory (the real SQL is covered by the medium spec). */
class FakeChallenges {
  rows: ResetChallengeEntity[] = [];
  countAttemptCalls: [string, number, Date][] = [];
  /** Makes the next countAttempt lose a race, leaving the row as `after` says. */
  loseRace: ((row: ResetChallengeEntity) => void) | null = null;

  lookups = 0;

  async findByTokenHash(tokenHash: string) {
    this.lookups++;
    const row = this.rows.find((r) => r.tokenHash === tokenHash);
    return row ? { ...row } : null;
  }
  async countAttempt(id: string, max: number, now: Date) {
    this.countAttemptCalls.push([id, max, now]);
    const row = this.rows.find((r) => r.id === id)!;
    if (this.loseRace) {
      this.loseRace(row);
      return false;
    }
    if (row.attempts >= max || row.usedAt || row.verifiedAt || row.expiresAt <= now) return false;
    row.attempts += 1;
    return true;
  }
  async markVerified(id: string, ticketHash: string, now: Date, expiresAt: Date) {
    const row = this.rows.find((r) => r.id === id)!;
    if (row.verifiedAt || row.usedAt) return false;
    Object.assign(row, { tokenHash: ticketHash, verifiedAt: now, expiresAt });
    return true;
  }
}

/** The gate's contract, in memory: begin, then exactly one of succeed, fail, abandon. */
class FakeGate {
  attempts: [string, string][] = [];
  resets: [string, string][] = [];
  abandons = 0;
  blocked: number | null | undefined = undefined;
  outcome: FailureOutcome = {
    failures: 3,
    sourceFailures: 3,
    sourceWaitSeconds: null,
    accountWaitSeconds: null,
    permanent: false,
    ipBudgetSpent: false,
  };
  async begin(r: { factor: string; subject: string; ip: string | null }) {
    assert.equal(r.ip, ctx.ip);
    this.attempts.push([r.factor, r.subject]);
    if (this.blocked !== undefined)
      return { allowed: false, reason: 'source', retryAfterSeconds: this.blocked };
    return {
      allowed: true,
      succeed: async () => void this.resets.push([r.factor, r.subject]),
      fail: async () => this.outcome,
      abandon: async () => void this.abandons++,
    };
  }
}

describe('VerifyResetCodeUseCase', () => {
  const secrets = new ResetSecrets(options);
  let challenges: FakeChallenges;
  let guard: FakeGate;
  let audits: AuditRecord[];
  let clock: FixedClock;
  let useCase: VerifyResetCodeUseCase;
  let ticket: string;
  let row: ResetChallengeEntity;

  /** An SMS challenge for code 123456, sent a minute ago. */
  beforeEach(() => {
    challenges = new FakeChallenges();
    guard = new FakeGate();
    audits = [];
    clock = new FixedClock(T0);
    useCase = new VerifyResetCodeUseCase(
      challenges as unknown as ResetChallengeRepository,
      secrets,
      guard as unknown as AttemptGate,
      { record: async (r: AuditRecord) => void audits.push(r) } as unknown as AuditService,
      clock,
      options,
    );
    ticket = secrets.newToken();
    const tokenHash = secrets.hashToken(ticket);
    row = {
      id: '41',
      tokenHash,
      accountId: '7',
      subject: 'lin.student',
      channel: 'sms',
      codeHmac: secrets.hashCode(tokenHash, '123456'),
      attempts: 0,
      locale: 'zh-TW',
      expiresAt: new Date(T0.getTime() + 9 * 60_000),
      verifiedAt: null,
      secondFactorAt: null,
      usedAt: null,
      createdAt: new Date(T0.getTime() - 60_000),
    };
    challenges.rows.push(row);
  });

  const verify = (code: string, ...t: [unknown?]) =>
    useCase.execute({ ticket: t.length ? t[0] : ticket, code, ctx });

  it('a right code gives a new ticket, verifies the challenge and clears the code counter', async () => {
    const result = await verify('123456');
    assert.match(result.ticket, TOKEN_PATTERN);
    assert.notEqual(result.ticket, ticket);
    assert.equal(
      row.tokenHash,
      secrets.hashToken(result.ticket),
      'the challenge now answers to the new ticket',
    );
    assert.deepEqual(row.verifiedAt, T0);
    assert.deepEqual(row.expiresAt, new Date(T0.getTime() + options.ticketTtlMinutes * 60_000));
    assert.equal(row.attempts, 1);
    assert.deepEqual(challenges.countAttemptCalls, [['41', MAX, T0]]);
    // Its own counter, apart from the password's; the name is part of the Redis keys, so it is fixed.
    assert.equal(RESET_CODE_FACTOR, 'pwreset-code');
    assert.deepEqual(guard.attempts, [['pwreset-code', 'a:7']]);
    assert.deepEqual(guard.resets, [['pwreset-code', 'a:7']]);
    assert.deepEqual(audits, [
      {
        actor: 'anonymous',
        action: 'password_reset.code',
        target: 'password_reset:41',
        result: 'success',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      },
    ]);
    // The old ticket is gone: the code page cannot be replayed.
    await assert.rejects(verify('123456'), ResetFlowExpired);
  });

  it('accepts the code as people type it from an SMS', async () => {
    assert.equal(normalizeCode('１２３ ４５６'), '123456');
    assert.equal(normalizeCode(' 123-456\t'), '123456');
    assert.match((await verify('１２３-４５６')).ticket, TOKEN_PATTERN);
  });

  it('refuses malformed input before looking anything up', async () => {
    // An array is what a repeated form field parses to; it must not pass for its text.
    for (const t of [undefined, 42, [ticket], '', `${ticket}x`, ticket.slice(1), `${ticket.slice(1)}!`])
      await assert.rejects(verify('123456', t), ResetFlowExpired, String(t));
    const problem = async (code: string) => {
      const e = await verify(code).then(
        () => assert.fail('accepted'),
        (err: unknown) => err,
      );
      assert.ok(e instanceof ValidationFailed);
      return e.problems;
    };
    assert.deepEqual(await problem(' - '), [{ field: 'code', code: 'required' }]);
    for (const bad of ['12345', '1234567', '12345a', 'x123456'])
      assert.deepEqual(await problem(bad), [{ field: 'code', code: 'format' }], bad);
    assert.equal(challenges.countAttemptCalls.length, 0);
    assert.equal(guard.attempts.length, 0);
    assert.equal(challenges.lookups, 0);
  });

  it('only an open SMS challenge takes codes', async () => {
    row.channel = 'email';
    await assert.rejects(verify('123456'), ResetFlowExpired);
    row.channel = 'sms';
    row.verifiedAt = T0;
    await assert.rejects(verify('123456'), ResetFlowExpired);
    row.verifiedAt = null;
    row.usedAt = T0;
    await assert.rejects(verify('123456'), (e) => e instanceof ResetCodeUnusable && e.problem === 'expired');
    assert.equal(guard.attempts.length, 0, 'a dead challenge costs the account no attempt');
  });

  it('is expired from its deadline on, not after it', async () => {
    clock.set(new Date(row.expiresAt.getTime() - 1));
    await assert.rejects(verify('000000'), ResetCodeWrong);
    clock.set(row.expiresAt);
    guard.attempts = [];
    await assert.rejects(verify('123456'), (e) => e instanceof ResetCodeUnusable && e.problem === 'expired');
    assert.deepEqual(guard.attempts, [], 'an expired code costs the account no attempt');
  });

  it('a wrong code says how many tries are left and is audited without the code', async () => {
    row.attempts = 2;
    const e = await verify('654321').then(
      () => assert.fail('accepted'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ResetCodeWrong);
    assert.equal(e.remainingAttempts, MAX - 3);
    assert.deepEqual(audits, [
      {
        actor: 'anonymous',
        action: 'password_reset.code',
        target: 'password_reset:41',
        result: 'failure',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { remaining: MAX - 3, failures: 3, lock: 'none' },
      },
    ]);
    assert.equal(row.attempts, 3);
    assert.deepEqual(guard.resets, [], 'a wrong code never clears the counter');
    assert.equal(row.verifiedAt, null);
  });

  it('allows exactly codeMaxAttempts entries per code, then calls it exhausted', async () => {
    for (let i = 1; i < MAX; i++)
      await assert.rejects(
        verify('000000'),
        (e) => e instanceof ResetCodeWrong && e.remainingAttempts === MAX - i,
      );
    // The last entry may still be the right one.
    row.attempts = MAX - 1;
    await assert.rejects(verify('000000'), (e) => e instanceof ResetCodeWrong && e.remainingAttempts === 0);
    guard.attempts = [];
    await assert.rejects(
      verify('123456'),
      (e) => e instanceof ResetCodeUnusable && e.problem === 'exhausted',
    );
    assert.deepEqual(guard.attempts, [], 'an exhausted code costs the account no attempt');
    row.attempts = MAX - 1;
    row.codeHmac = secrets.hashCode(row.tokenHash, '000000');
    assert.match((await verify('000000')).ticket, TOKEN_PATTERN);
  });

  it('the account-wide throttle answers before the code is looked at', async () => {
    guard.blocked = 120;
    await assert.rejects(
      verify('123456'),
      (e) => e instanceof TooManyAttempts && e.retryAfterSeconds === 120 && e.of === 'failures',
    );
    guard.blocked = null;
    await assert.rejects(
      verify('123456'),
      (e) => e instanceof TooManyAttempts && e.retryAfterSeconds === null,
    );
    assert.equal(challenges.countAttemptCalls.length, 0);
    assert.equal(row.verifiedAt, null);
  });

  it('a lost race on the attempt counter says whether the code is exhausted or over', async () => {
    challenges.loseRace = (r) => void (r.attempts = MAX);
    await assert.rejects(
      verify('123456'),
      (e) => e instanceof ResetCodeUnusable && e.problem === 'exhausted',
    );
    row.attempts = 0;
    challenges.loseRace = (r) => void (r.attempts = MAX - 1);
    await assert.rejects(verify('123456'), (e) => e instanceof ResetCodeUnusable && e.problem === 'expired');
    row.attempts = 0;
    challenges.loseRace = (r) => void (r.tokenHash = 'gone');
    await assert.rejects(verify('123456'), (e) => e instanceof ResetCodeUnusable && e.problem === 'expired');
    assert.equal(row.verifiedAt, null);
    assert.deepEqual(audits, []);
    assert.equal(guard.abandons, 3, 'an entry that was never checked counts nothing at the gate');
  });

  it('an outage while counting the entry gives the place at the gate back', async () => {
    challenges.countAttempt = async () => {
      throw new Error('connection lost');
    };
    await assert.rejects(verify('123456'), /connection lost/);
    assert.equal(guard.abandons, 1);
    assert.deepEqual(guard.resets, []);
  });

  it('audits the lock a wrong code started', async () => {
    for (const [outcome, lock] of [
      [{ sourceWaitSeconds: 30 }, 'temporary'],
      [{ accountWaitSeconds: 60 }, 'temporary'],
      [{ permanent: true }, 'permanent'],
      [{}, 'none'],
    ] as const) {
      guard.outcome = { ...guard.outcome, ...outcome };
      audits = [];
      row.attempts = 0;
      await assert.rejects(verify('000000'), ResetCodeWrong);
      assert.equal(audits[0]!.details!.lock, lock, JSON.stringify(outcome));
      guard.outcome = {
        ...guard.outcome,
        sourceWaitSeconds: null,
        accountWaitSeconds: null,
        permanent: false,
      };
    }
  });

  it('counts per account id, or per pseudonym for an identifier without an account', () => {
    assert.equal(resetCodeSubject({ accountId: '7', subject: 'lin.student' }), 'a:7');
    assert.equal(resetCodeSubject({ accountId: null, subject: 'u-0123abcd' }), 'r:u-0123abcd');
  });

  it('a challenge without an account (unknown identifier) or without a code never verifies', async () => {
    row.accountId = null;
    await assert.rejects(verify('123456'), ResetCodeWrong);
    row.accountId = '7';
    row.codeHmac = null;
    await assert.rejects(verify('123456'), ResetCodeWrong);
    assert.equal(row.verifiedAt, null);
    assert.deepEqual(guard.resets, []);
  });

  it('a code of another challenge does not fit this one (codes are salted with their challenge)', async () => {
    row.codeHmac = secrets.hashCode(secrets.hashToken(secrets.newToken()), '123456');
    await assert.rejects(verify('123456'), ResetCodeWrong);
  });

  it('when another request verified the challenge first, the slower one gets no ticket', async () => {
    const markVerified = challenges.markVerified.bind(challenges);
    challenges.markVerified = async (...args) => {
      row.usedAt = T0;
      return markVerified(...args);
    };
    await assert.rejects(verify('123456'), (e) => e instanceof ResetCodeUnusable && e.problem === 'expired');
    assert.deepEqual(audits, [], 'no success is recorded');
  });
});
