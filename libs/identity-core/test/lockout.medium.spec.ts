import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AttemptGate,
  AuditService,
  DEFAULT_ATTEMPT_GATE_OPTIONS,
  PasswordHasher,
  TemporarilyUnavailable,
  accountSubject,
  type AttemptGateOptions,
} from '#identity-core';
import { REDIS } from '#platform';
import { LoginHarness, PW, WRONG, loginContext, nextIp, short } from './login-support.js';

/** NIST SP 800-63B-4 §3.2.2: throttle per account and IP first, a captcha before any account-wide lock. */
describe('lockout policy: only verified failures count, and guesses elsewhere never lock the owner out', () => {
  const POLICY: Partial<AttemptGateOptions> = {
    namespace: `t-lockout-${randomBytes(6).toString('hex')}`,
    ipMaxFailures: 1000,
  };
  let h: LoginHarness;
  let gate: AttemptGate;

  before(async () => {
    h = await loginContext(POLICY);
    gate = h.t.app.get(AttemptGate);
  });
  after(() => h.close());

  const failures = async (username: string) =>
    (
      await gate.failures(
        'pwd',
        accountSubject((await h.t.app.get(AccountRepository).findByLogin(username))!.id),
      )
    ).failures;

  it('lets 16 simultaneous right-password logins of one account all succeed (a class sharing it, from one IP)', async () => {
    await h.createAccount('class.shared');
    const ip = nextIp();
    const all = await Promise.all(Array.from({ length: 16 }, () => h.login('class.shared', PW, ip)));
    assert.deepEqual(all.map(short), Array<string>(16).fill('success'));
    // Also with four typos already counted (room for only two failures before the wait).
    await h.failRepeatedly('class.shared', 4, ip);
    const again = await Promise.all(Array.from({ length: 16 }, () => h.login('Class.Shared', PW, ip)));
    assert.deepEqual(again.map(short), Array<string>(16).fill('success'));
    assert.equal(await failures('class.shared'), 0);
  });

  it('keeps concurrent wrong guesses to what the same guesses one after another would get', async () => {
    await h.createAccount('burst.guess');
    const ip = nextIp();
    const results = await Promise.all(Array.from({ length: 20 }, () => h.login('burst.guess', WRONG, ip)));
    // Five free failures, the sixth starts the 30 s wait; the other fourteen are refused unverified.
    assert.equal(results.filter((r) => short(r) === 'invalid_credentials').length, 5);
    assert.equal(results.filter((r) => short(r) === 'locked:30').length, 15);
    assert.equal(await failures('burst.guess'), 6);
  });

  it('never locks the owner out for guesses from elsewhere; many sources make the account need a captcha', async () => {
    const a = await h.createAccount('target.one');
    const attacker = nextIp();
    assert.deepEqual(await h.failRepeatedly('target.one', 6, attacker), [
      ...Array<string>(5).fill('invalid_credentials'),
      'locked:30',
    ]);
    // Six wrong guesses from anyone used to lock the real owner out.
    assert.equal(short(await h.login('target.one', PW, nextIp())), 'success');

    // Ten failures from five addresses (two each, under every per-source limit) ...
    for (let i = 0; i < 5; i++) await h.failRepeatedly('target.one', 2, nextIp());
    // ... the eleventh starts the account-wide wait, which holds only attempts without a captcha.
    assert.equal(short(await h.login('target.one', WRONG, nextIp())), 'locked:30');
    assert.equal(short(await h.login('target.one', PW, nextIp())), 'locked:30');
    assert.equal(short(await h.login('target.one', PW, nextIp(), true)), 'success');
    const lock = (await h.t.app.get(AuditService).forTarget(`account:${a.sub}`)).find(
      (e) => e.action === 'login.lock',
    );
    assert.deepEqual(lock?.details, { factor: 'pwd', scope: 'account', failures: 11, waitSeconds: 30 });
  });

  it('counts nothing when MySQL, Redis or the password hasher fails, and reports TemporarilyUnavailable', async () => {
    const a = await h.createAccount('outage.one');
    const ip = nextIp();
    const down = () =>
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    // A wrong password while only the audit write fails was checked, so that one would count: right ones only there.
    const outage = async (target: object, method: string, wrongToo = true) => {
      const t = target as Record<string, unknown>;
      const original = t[method];
      t[method] = () => Promise.reject(down());
      try {
        for (let i = 0; i < 8; i++)
          await assert.rejects(h.login('outage.one', PW, ip), (e) => e instanceof TemporarilyUnavailable);
        if (wrongToo)
          await assert.rejects(h.login('outage.one', WRONG, ip), (e) => e instanceof TemporarilyUnavailable);
      } finally {
        t[method] = original;
      }
    };
    await outage(h.t.app.get(AccountRepository), 'findByLogin');
    await outage(h.t.app.get(PasswordHasher), 'verify');
    await outage(h.t.app.get<Redis>(REDIS), 'eduSsoGateBegin');
    await outage(h.t.app.get(AuditService), 'record', false);

    assert.equal(await failures('outage.one'), 0, 'no failure counted');
    // No place was left taken either: a class of sixteen still gets in at once, then a typo counts normally.
    const all = await Promise.all(Array.from({ length: 16 }, () => h.login('outage.one', PW, ip)));
    assert.deepEqual(new Set(all.map(short)), new Set(['success']));
    assert.equal(short(await h.login('outage.one', WRONG, ip)), 'invalid_credentials');
    assert.equal(await failures('outage.one'), 1);
    const rows: { n: string }[] = await h.t.app
      .get(DataSource)
      .query(`SELECT COUNT(*) AS n FROM audit_events WHERE target = ? AND result = 'failure'`, [
        `account:${a.sub}`,
      ]);
    assert.equal(Number(rows[0]!.n), 1);
  });
});

describe('lockout policy: unknown logins cost what real ones cost', () => {
  // Production argon2 parameters, so the hash dominates the time as it does in production.
  let h: LoginHarness;
  before(async () => (h = await loginContext({}, { ARGON2_MEMORY_KIB: '19456' })));
  after(() => h.close());

  it('spends a dummy password verification on unknown and impossible logins, at the cost of a real one', async () => {
    const hasher = h.t.app.get(PasswordHasher);
    const calls = { dummy: 0, real: 0 };
    const dummyVerify = hasher.dummyVerify.bind(hasher);
    const verify = hasher.verify.bind(hasher);
    hasher.dummyVerify = (p: string) => (calls.dummy++, dummyVerify(p));
    hasher.verify = (hash: string, p: string) => (calls.real++, verify(hash, p));
    try {
      await h.createAccount('timing.real');
      const count = async (login: string) => {
        calls.dummy = calls.real = 0;
        assert.equal(short(await h.login(login, WRONG, nextIp())), 'invalid_credentials');
        return `${calls.dummy}/${calls.real}`;
      };
      assert.equal(await count('timing.real'), '0/1');
      assert.equal(await count('timing.ghost'), '1/0');
      assert.equal(await count('not a username at all'), '1/0');
      assert.equal(await count('someone@gmail.com'), '1/0');

      // And in time: medians of alternating runs, with a generous bound (a shared, busy machine).
      const time = async (login: string) => {
        const start = performance.now();
        await h.login(login, WRONG, nextIp());
        return performance.now() - start;
      };
      const real: number[] = [];
      const ghost: number[] = [];
      for (let i = 0; i < 9; i++) {
        real.push(await time('timing.real'));
        ghost.push(await time(`timing.ghost${i}`));
      }
      const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      assert.ok(
        median(ghost) > median(real) * 0.5,
        `unknown ${median(ghost).toFixed(1)} ms vs known ${median(real).toFixed(1)} ms`,
      );
    } finally {
      hasher.dummyVerify = dummyVerify;
      hasher.verify = verify;
    }
  });
});

describe('lockout policy: the defaults', () => {
  let h: LoginHarness;
  before(async () => (h = await loginContext()));
  after(() => h.close());

  it('locks permanently at 100 consecutive failures (NIST SP 800-63B ceiling), not before', async () => {
    assert.equal(DEFAULT_ATTEMPT_GATE_OPTIONS.permanentLockAfter, 100);
    const gate = h.t.app.get(AttemptGate);
    assert.equal(gate.policy.permanentLockAfter, 100, 'the wiring from the app config keeps the default');
    const a = await h.createAccount('hundred.fails');
    const subject = accountSubject(a.id);
    // One guess from each of 99 addresses, each with a solved captcha: no wait holds any of them.
    for (let i = 0; i < 99; i++)
      assert.equal(
        short(await h.login('hundred.fails', WRONG, nextIp(), true)),
        'invalid_credentials',
        `#${i + 1}`,
      );
    assert.deepEqual(await gate.failures('pwd', subject), { failures: 99, permanent: false });
    assert.equal((await h.t.app.get(AccountRepository).findBySub(a.sub))!.status, 'active');
    assert.equal(short(await h.login('hundred.fails', WRONG, nextIp(), true)), 'locked');
    assert.deepEqual(await gate.failures('pwd', subject), { failures: 100, permanent: true });
    assert.equal((await h.t.app.get(AccountRepository).findBySub(a.sub))!.status, 'locked');
    assert.equal(short(await h.login('hundred.fails', PW, nextIp(), true)), 'locked');
  });

  it('documents the rest of the policy in numbers the README states', () => {
    const { namespace: _ns, ...numbers } = DEFAULT_ATTEMPT_GATE_OPTIONS;
    assert.deepEqual(numbers, {
      sourceFreeFailures: 5,
      baseDelaySeconds: 30,
      maxDelaySeconds: 900,
      accountFreeFailures: 10,
      permanentLockAfter: 100,
      counterTtlSeconds: 86400,
      ipMaxFailures: 500,
      ipWindowSeconds: 3600,
      ipCreditPerAccount: 5,
      leaseSeconds: 30,
      maxQueueMs: 3000,
    });
  });
});

describe('lockout policy: per-IP budget through the password login', () => {
  let h: LoginHarness;
  before(
    async () =>
      (h = await loginContext({
        namespace: `t-ipbudget-${randomBytes(6).toString('hex')}`,
        ipMaxFailures: 10,
        ipWindowSeconds: 300,
        ipCreditPerAccount: 0,
      })),
  );
  after(() => h.close());

  it('rate-limits an IP after too many failures in its window, whatever the accounts', async () => {
    await h.createAccount('behind.nat');
    const ip = '192.0.2.7';
    for (let i = 0; i < 10; i++)
      assert.equal(short(await h.login(`spray.${i}`, WRONG, ip)), 'invalid_credentials');
    const limited = await h.login('behind.nat', PW, ip);
    assert.equal(limited.status === 'failure' && limited.reason, 'rate_limited');
    const wait = limited.status === 'failure' ? limited.retryAfterSeconds! : 0;
    assert.ok(wait >= 1 && wait <= 300, `retryAfter ${wait}`);
    assert.equal(short(await h.login('behind.nat', PW, '192.0.2.8')), 'success');
    const [row] = await h.t.app
      .get(DataSource)
      .query(`SELECT ip, details FROM audit_events WHERE action = 'login.rate_limited'`);
    assert.equal(row.ip, ip);
    h.t.clock.advance(wait * 1000);
    assert.equal(short(await h.login('behind.nat', PW, ip)), 'success');
  });
});
