import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { DomainError, TemporarilyUnavailable } from '../domain/index.js';
import type { AccountEntity } from '../entities/account.entity.js';
import type { AttemptRefused } from './attempt-gate.js';
import type { AuthContext } from './authenticator.js';
import { PasswordAuthenticator } from './password.authenticator.js';

import { account, CTX, NO_LOCK, World } from './password.authenticator.fakes.js';

describe('PasswordAuthenticator', () => {
  let w: World;
  let auth: PasswordAuthenticator;
  let lin: AccountEntity;
  beforeEach(() => {
    w = new World();
    lin = account();
    w.accounts.set('lin', lin);
    auth = w.authenticator();
  });

  it('is the pwd method of the knowledge kind, offered only as the first factor', () => {
    assert.equal(auth.id, 'pwd');
    assert.deepEqual(auth.amr, ['pwd']);
    assert.equal(auth.factor, 'knowledge');
    assert.deepEqual(auth.stages, ['first']);
    assert.equal(auth.availableFor({ clientId: 'rp', account: null, amr: [] }), true);
    assert.equal(auth.availableFor({ clientId: 'rp', account: account(), amr: ['otp'] }), false);
  });

  it('its complete step answers identified for the right password and rejected for a wrong one', async () => {
    const step = (password: string) => ({ step: 'start', form: { login: 'lin', password }, state: null });
    const situation = { clientId: 'rp', account: null, amr: [] };
    assert.deepEqual(await auth.complete(step('right'), situation, CTX), {
      kind: 'identified',
      account: lin,
      amr: ['pwd'],
    });
    assert.deepEqual(await auth.complete(step('wrong'), situation, CTX), {
      kind: 'rejected',
      reason: 'invalid_credentials',
      attemptsLeft: 5,
    });
  });

  it('signs in with the right password, counted on the account id, and audits it', async () => {
    const r = await auth.verify({ login: ' LIN@mail.edu.tw ', password: 'right' }, CTX);
    assert.deepEqual(r, { status: 'success', account: lin, amr: ['pwd'] });
    assert.deepEqual(w.lookups, ['lin'], 'looked up once, normalised');
    assert.deepEqual(w.begun, [{ factor: 'pwd', subject: 'a:41', ip: '192.0.2.7', captchaSolved: false }]);
    assert.deepEqual(w.settled, ['ok']);
    assert.equal(w.dummies, 0);
    assert.deepEqual(w.audit, [
      {
        actor: 'account:sub-41',
        action: 'login.password',
        target: 'account:sub-41',
        result: 'success',
        details: null,
        ip: '192.0.2.7',
        userAgent: 'UA/1',
      },
    ]);
    assert.deepEqual(w.saved, [], 'nothing to rehash');
  });

  it('passes a solved captcha to the gate only when it is exactly true', async () => {
    await auth.verify({ login: 'lin', password: 'right' }, { ...CTX, captchaSolved: true });
    await auth.verify(
      { login: 'lin', password: 'right' },
      { ...CTX, captchaSolved: 'yes' as unknown as boolean },
    );
    assert.deepEqual(
      w.begun.map((b) => b.captchaSolved),
      [true, false],
    );
  });

  it('rehashes a password stored with old parameters, and says so in the audit', async () => {
    lin.passwordHash = 'old:right';
    const r = await auth.verify({ login: 'lin', password: 'right' }, CTX);
    assert.equal(r.status, 'success');
    assert.deepEqual(w.saved, [{ id: lin.id, passwordHash: 'h:right' }], 'only the hash is rewritten');
    assert.deepEqual(w.audit[0]!.details, { rehashed: true });
  });

  it('refuses a wrong password as invalid credentials and counts one failure', async () => {
    const r = await auth.verify({ login: 'lin', password: 'wrong' }, CTX);
    assert.deepEqual(r, { status: 'failure', reason: 'invalid_credentials', attemptsLeft: 5 });
    assert.deepEqual(w.settled, ['fail']);
    assert.deepEqual(w.audit, [
      {
        actor: 'anonymous',
        action: 'login.password',
        target: 'account:sub-41',
        result: 'failure',
        details: { reason: 'invalid_credentials', failures: 1 },
        ip: '192.0.2.7',
        userAgent: 'UA/1',
      },
    ]);
  });

  it('treats an unknown login like a wrong password: same answer, a dummy verification, its own counter', async () => {
    const r = await auth.verify({ login: 'Ghost@MAIL.edu.tw', password: 'x' }, CTX);
    assert.deepEqual(r, { status: 'failure', reason: 'invalid_credentials', attemptsLeft: 5 });
    assert.equal(w.dummies, 1);
    assert.equal(w.verifications, 0);
    assert.deepEqual(w.begun[0]!.subject, 'l:p(ghost)', 'every spelling of the name counts together');
    assert.deepEqual(w.settled, ['fail']);
    assert.equal(w.audit[0]!.target, 'login:p(ghost)');
    assert.deepEqual(w.audit[0]!.details, {
      reason: 'invalid_credentials',
      failures: 1,
      unknownAccount: true,
    });
  });

  it('never looks up a login that cannot be a username, and still costs a verification', async () => {
    const r = await auth.verify({ login: 'ŝin', password: 'right' }, CTX);
    assert.deepEqual(r, { status: 'failure', reason: 'invalid_credentials', attemptsLeft: 5 });
    assert.deepEqual(w.lookups, []);
    assert.equal(w.dummies, 1);
    assert.equal(w.begun[0]!.subject, 'l:p(ŝin)');
  });

  it('refuses an account without a password, or with a corrupt hash, at the same cost', async () => {
    w.accounts.set('nopw', account({ username: 'nopw', passwordHash: null }));
    w.accounts.set('bad', account({ username: 'bad', passwordHash: 'corrupt' }));
    for (const login of ['nopw', 'bad']) {
      const r = await auth.verify({ login, password: 'right' }, CTX);
      assert.deepEqual(r, { status: 'failure', reason: 'invalid_credentials', attemptsLeft: 5 }, login);
    }
    assert.equal(w.dummies, 2);
    assert.deepEqual(w.settled, ['fail', 'fail']);
  });

  it('answers an outage of the hasher as temporarily unavailable and counts nothing', async () => {
    w.verifyError = new Error('argon2 pool exhausted');
    await assert.rejects(auth.verify({ login: 'lin', password: 'right' }, CTX), TemporarilyUnavailable);
    assert.deepEqual(w.settled, ['drop']);
    assert.deepEqual(w.audit, []);
    w.abandonError = new Error('redis down too');
    await assert.rejects(auth.verify({ login: 'lin', password: 'right' }, CTX), TemporarilyUnavailable);
  });

  it('passes its own refusals through unchanged', async () => {
    w.verifyError = new DomainError('password_too_long');
    await assert.rejects(auth.verify({ login: 'lin', password: 'right' }, CTX), (e: unknown) => {
      assert.ok(e instanceof DomainError && !(e instanceof TemporarilyUnavailable));
      return (e as DomainError).code === 'password_too_long';
    });
    assert.deepEqual(w.settled, ['drop']);
  });

  it('answers an outage of the accounts, the gate or the audit log as temporarily unavailable', async () => {
    w.lookupError = new Error('mysql gone');
    await assert.rejects(auth.verify({ login: 'lin', password: 'right' }, CTX), TemporarilyUnavailable);
    assert.deepEqual(w.begun, []);
    w.lookupError = undefined;
    w.beginError = new Error('redis gone');
    await assert.rejects(auth.verify({ login: 'lin', password: 'right' }, CTX), TemporarilyUnavailable);
    assert.equal(w.verifications, 0);
    w.beginError = undefined;
    w.auditError = new Error('audit table gone');
    await assert.rejects(auth.verify({ login: 'lin', password: 'right' }, CTX), TemporarilyUnavailable);
  });

  it('checks no password while the gate refuses, and says how long to wait', async () => {
    const cases: [AttemptRefused, object][] = [
      [
        { allowed: false, reason: 'ip', retryAfterSeconds: 120 },
        { status: 'failure', reason: 'rate_limited', retryAfterSeconds: 120 },
      ],
      [
        { allowed: false, reason: 'busy', retryAfterSeconds: null },
        { status: 'failure', reason: 'rate_limited', retryAfterSeconds: 1 },
      ],
      [
        { allowed: false, reason: 'account', retryAfterSeconds: 30 },
        { status: 'failure', reason: 'locked', retryAfterSeconds: 30 },
      ],
      [
        { allowed: false, reason: 'source', retryAfterSeconds: 5 },
        { status: 'failure', reason: 'locked', retryAfterSeconds: 5 },
      ],
      [
        { allowed: false, reason: 'permanent', retryAfterSeconds: null },
        { status: 'failure', reason: 'locked' },
      ],
    ];
    for (const [refusal, expected] of cases) {
      w.refusal = refusal;
      assert.deepEqual(await auth.verify({ login: 'lin', password: 'right' }, CTX), expected, refusal.reason);
    }
    assert.equal(w.verifications + w.dummies, 0);
    assert.deepEqual(w.settled, []);
  });

  it('tells a disabled account so only to whoever knows its password', async () => {
    lin.status = 'disabled';
    assert.deepEqual(await auth.verify({ login: 'lin', password: 'wrong' }, CTX), {
      status: 'failure',
      reason: 'invalid_credentials',
      attemptsLeft: 5,
    });
    w.audit = [];
    assert.deepEqual(await auth.verify({ login: 'lin', password: 'right' }, CTX), {
      status: 'failure',
      reason: 'account_disabled',
    });
    assert.deepEqual(w.settled, ['fail', 'ok'], 'a right password is not a failure');
    assert.deepEqual(w.audit, [
      {
        actor: 'account:sub-41',
        action: 'login.password',
        target: 'account:sub-41',
        result: 'failure',
        details: { reason: 'account_disabled', status: 'disabled' },
        ip: '192.0.2.7',
        userAgent: 'UA/1',
      },
    ]);
  });

  describe('after a failure the gate counted', () => {
    const fail = (ctx: AuthContext = CTX, login = 'lin') => auth.verify({ login, password: 'wrong' }, ctx);
    const locks = () => w.audit.filter((a) => a.action === 'login.lock').map((a) => a.details);

    it('makes this source wait, and audits the wait once', async () => {
      w.outcome = { ...NO_LOCK, failures: 5, sourceFailures: 5, sourceWaitSeconds: 60 };
      assert.deepEqual(await fail(), { status: 'failure', reason: 'locked', retryAfterSeconds: 60 });
      assert.deepEqual(locks(), [{ factor: 'pwd', scope: 'source', failures: 5, waitSeconds: 60 }]);
      const lock = w.audit.find((a) => a.action === 'login.lock')!;
      assert.deepEqual(
        [lock.actor, lock.target, lock.result, lock.ip],
        ['anonymous', 'account:sub-41', 'success', '192.0.2.7'],
      );
    });

    it('makes the account wait, unless this attempt solved a captcha', async () => {
      w.outcome = { ...NO_LOCK, failures: 10, accountWaitSeconds: 300 };
      assert.deepEqual(await fail(), { status: 'failure', reason: 'locked', retryAfterSeconds: 300 });
      assert.deepEqual(locks(), [{ factor: 'pwd', scope: 'account', failures: 10, waitSeconds: 300 }]);
      assert.deepEqual(await fail({ ...CTX, captchaSolved: true }), {
        status: 'failure',
        reason: 'invalid_credentials',
        attemptsLeft: 5,
      });
    });

    it('says how many failures are left before a wait: per source, and per account unless a captcha was solved', async () => {
      w.outcome = { ...NO_LOCK, failures: 4, sourceFailures: 4 };
      assert.deepEqual(await fail(), { status: 'failure', reason: 'invalid_credentials', attemptsLeft: 2 });
      w.outcome = { ...NO_LOCK, failures: 9, sourceFailures: 2 };
      assert.deepEqual(await fail(), { status: 'failure', reason: 'invalid_credentials', attemptsLeft: 2 });
      assert.deepEqual(await fail({ ...CTX, captchaSolved: true }), {
        status: 'failure',
        reason: 'invalid_credentials',
        attemptsLeft: 4,
      });
      // The same counting for a login that matches no account.
      w.outcome = { ...NO_LOCK, failures: 5, sourceFailures: 5 };
      assert.deepEqual(await fail(CTX, 'ghost'), {
        status: 'failure',
        reason: 'invalid_credentials',
        attemptsLeft: 1,
      });
    });

    it('answers the longer of the two waits that apply', async () => {
      w.outcome = { ...NO_LOCK, sourceWaitSeconds: 60, accountWaitSeconds: 300 };
      assert.deepEqual(await fail(), { status: 'failure', reason: 'locked', retryAfterSeconds: 300 });
      w.outcome = { ...NO_LOCK, sourceWaitSeconds: 600, accountWaitSeconds: 300 };
      assert.deepEqual(await fail(), { status: 'failure', reason: 'locked', retryAfterSeconds: 600 });
      assert.deepEqual(await fail({ ...CTX, captchaSolved: true }), {
        status: 'failure',
        reason: 'locked',
        retryAfterSeconds: 600,
      });
    });

    it('locks an active account for good through the state machine, once', async () => {
      w.outcome = { ...NO_LOCK, failures: 20, permanent: true };
      assert.deepEqual(await fail(), { status: 'failure', reason: 'locked' });
      assert.deepEqual(w.statusChanges, [
        { sub: 'sub-41', event: 'lock', actor: 'system:brute-force', reason: 'too_many_failures' },
      ]);
      assert.equal(lin.status, 'locked');
      assert.deepEqual(locks(), [{ factor: 'pwd', scope: 'account', failures: 20, permanent: true }]);
      await fail();
      assert.equal(w.statusChanges.length, 1, 'an account already locked is not locked again');
    });

    it('locks no account for an unknown login, and still answers locked', async () => {
      w.outcome = { ...NO_LOCK, permanent: true };
      assert.deepEqual(await fail(CTX, 'ghost'), { status: 'failure', reason: 'locked' });
      assert.deepEqual(w.statusChanges, []);
    });

    it('accepts losing the race to another lock, and reports anything else', async () => {
      w.outcome = { ...NO_LOCK, permanent: true };
      w.statusError = new DomainError('invalid_state_transition');
      assert.deepEqual(await fail(), { status: 'failure', reason: 'locked' });
      lin.status = 'active';
      w.statusError = new DomainError('account_not_found');
      await assert.rejects(fail(), (e: DomainError) => e.code === 'account_not_found');
      lin.status = 'active';
      w.statusError = new Error('mysql gone');
      await assert.rejects(fail(), TemporarilyUnavailable);
    });

    it('audits once that this address used up its budget', async () => {
      w.outcome = { ...NO_LOCK, ipBudgetSpent: true };
      assert.deepEqual(await fail(), { status: 'failure', reason: 'invalid_credentials', attemptsLeft: 5 });
      const limited = w.audit.filter((a) => a.action === 'login.rate_limited');
      assert.deepEqual(limited, [
        {
          actor: 'anonymous',
          action: 'login.rate_limited',
          result: 'success',
          details: { windowSeconds: 3600 },
          ip: '192.0.2.7',
          userAgent: 'UA/1',
        },
      ]);
      w.outcome = NO_LOCK;
      await fail();
      assert.equal(w.audit.filter((a) => a.action === 'login.rate_limited').length, 1);
      assert.deepEqual(locks(), []);
    });
  });
});
