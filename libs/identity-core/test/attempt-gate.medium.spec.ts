import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AttemptGate,
  accountSubject,
  loginSubject,
  type Attempt,
  type AttemptGateOptions,
  type AttemptRefused,
} from '#identity-core';
import { LoginHarness, loginContext, nextIp } from './login-support.js';

type Begun = Attempt | AttemptRefused;
const refusal = (r: Begun) => (r.allowed ? 'allowed' : `${r.reason}:${r.retryAfterSeconds}`);

describe('AttemptGate with the default numbers (Redis)', () => {
  let h: LoginHarness;
  let gate: AttemptGate;
  before(async () => {
    h = await loginContext();
    gate = h.t.app.get(AttemptGate);
  });
  after(() => h.close());

  async function attempt(subject: string, ip: string, outcome: 'ok' | 'fail'): Promise<string> {
    const a = await gate.begin({ factor: 'pwd', subject, ip });
    if (!a.allowed) return refusal(a);
    if (outcome === 'ok') await a.succeed();
    else await a.fail();
    return outcome;
  }

  it('never stops a thousand students behind one NAT address with a few typos each', async () => {
    const nat = '198.51.100.20';
    const refused: string[] = [];
    // Ten waves of a hundred students at once; in each, every typo (one to three) comes before any success.
    for (let wave = 0; wave < 10; wave++) {
      const students = Array.from({ length: 100 }, (_, i) => accountSubject(String(wave * 100 + i + 1)));
      for (let typo = 0; typo < 3; typo++) {
        const results = await Promise.all(
          students.map((s, i) => (typo <= i % 3 ? attempt(s, nat, 'fail') : 'skip')),
        );
        refused.push(...results.filter((r) => r !== 'fail' && r !== 'skip'));
      }
      const signedIn = await Promise.all(students.map((s) => attempt(s, nat, 'ok')));
      refused.push(...signedIn.filter((r) => r !== 'ok'));
    }
    assert.deepEqual(refused, []);
  });

  it('throttles a guessing run from one address: 500 failures an hour, however many names it tries', async () => {
    const ip = '203.0.113.66';
    for (let i = 0; i < 500; i++) assert.equal(await attempt(loginSubject(`guess${i}`), ip, 'fail'), 'fail');
    const next = await gate.begin({ factor: 'pwd', subject: loginSubject('guess-next'), ip });
    assert.equal(next.allowed, false);
    assert.equal(!next.allowed && next.reason, 'ip');
    const wait = !next.allowed ? next.retryAfterSeconds! : 0;
    assert.ok(wait > 0 && wait <= 2 * 3600, `retry after ${wait}`);
    // Other addresses, and other factors, are not affected.
    assert.equal(await attempt(loginSubject('guess-next'), nextIp(), 'fail'), 'fail');
    const otp = await gate.begin({ factor: 'otp', subject: loginSubject('guess-next'), ip });
    assert.ok(otp.allowed);
    await otp.abandon();
    // The window slides: once the wait is over, the address may try again.
    h.t.clock.advance(wait * 1000);
    assert.equal(await attempt(loginSubject('guess-later'), ip, 'fail'), 'fail');
  });
});

describe('AttemptGate mechanics (Redis)', () => {
  const POLICY: Partial<AttemptGateOptions> = {
    namespace: `t-gate-${randomBytes(6).toString('hex')}`,
    ipMaxFailures: 10,
    ipWindowSeconds: 300,
    ipCreditPerAccount: 0,
    leaseSeconds: 30,
    maxQueueMs: 200,
  };
  let h: LoginHarness;
  let gate: AttemptGate;
  before(async () => {
    h = await loginContext(POLICY);
    gate = h.t.app.get(AttemptGate);
  });
  after(() => h.close());

  it('gives the place back on abandon without counting anything', async () => {
    const subject = accountSubject('9001');
    for (let i = 0; i < 20; i++) {
      const a = await gate.begin({ factor: 'pwd', subject, ip: '192.0.2.1' });
      assert.ok(a.allowed);
      await a.abandon();
    }
    assert.deepEqual(await gate.failures('pwd', subject), { failures: 0, permanent: false });
  });

  it('refuses as busy when the attempts in flight use up the budget, and frees places a dead process held', async () => {
    const subject = accountSubject('9002');
    const ip = '192.0.2.2';
    const held: Begun[] = [];
    for (let i = 0; i < 6; i++) held.push(await gate.begin({ factor: 'pwd', subject, ip }));
    assert.ok(
      held.every((a) => a.allowed),
      'five free failures plus the one that starts the wait',
    );
    assert.equal(refusal(await gate.begin({ factor: 'pwd', subject, ip })), 'busy:1');
    // Another address has its own five (the account's budget is larger).
    const other = await gate.begin({ factor: 'pwd', subject, ip: '192.0.2.3' });
    assert.ok(other.allowed);
    await other.abandon();
    // Nobody settles the six (their process died): after the lease they no longer hold anything.
    h.t.clock.advance(31_000);
    const later = await gate.begin({ factor: 'pwd', subject, ip });
    assert.ok(later.allowed);
    await later.succeed();
  });

  it('keeps factors apart: failing a second factor never locks the password, and the reverse', async () => {
    const subject = accountSubject('9003');
    for (let i = 0; i < 5; i++) {
      const a = await gate.begin({ factor: 'otp', subject, ip: '192.0.2.4' });
      assert.ok(a.allowed);
      await a.fail();
    }
    const sixth = await gate.begin({ factor: 'otp', subject, ip: '192.0.2.4' });
    assert.ok(sixth.allowed);
    const out = await sixth.fail();
    assert.equal(out.sourceWaitSeconds, 30);
    assert.equal(refusal(await gate.begin({ factor: 'otp', subject, ip: '192.0.2.4' })), 'source:30');
    const pwd = await gate.begin({ factor: 'pwd', subject, ip: '192.0.2.4' });
    assert.ok(pwd.allowed, 'the password is not held by the otp wait');
    await pwd.succeed();
    // A success of one factor resets only that factor.
    assert.equal(refusal(await gate.begin({ factor: 'otp', subject, ip: '192.0.2.4' })), 'source:30');
    assert.deepEqual(await gate.failures('otp', subject), { failures: 6, permanent: false });
  });

  it('buckets IPv6 by /64 and IPv4-mapped addresses as IPv4', async () => {
    for (let i = 0; i < 10; i++) {
      const a = await gate.begin({ factor: 'pwd', subject: loginSubject(`v6-${i}`), ip: '2001:db8:1:2::1' });
      assert.ok(a.allowed);
      await a.fail();
    }
    const same64 = await gate.begin({
      factor: 'pwd',
      subject: loginSubject('v6-x'),
      ip: '2001:DB8:1:2:ffff::9',
    });
    assert.equal(!same64.allowed && same64.reason, 'ip');
    const other64 = await gate.begin({ factor: 'pwd', subject: loginSubject('v6-x'), ip: '2001:db8:1:3::1' });
    assert.ok(other64.allowed);
    await other64.abandon();
    for (let i = 0; i < 10; i++) {
      const a = await gate.begin({
        factor: 'pwd',
        subject: loginSubject(`v4-${i}`),
        ip: '::ffff:198.51.100.1',
      });
      assert.ok(a.allowed);
      await a.fail();
    }
    const v4 = await gate.begin({ factor: 'pwd', subject: loginSubject('v4-x'), ip: '198.51.100.1' });
    assert.equal(!v4.allowed && v4.reason, 'ip');
  });

  it('refuses names that are not factors or subjects', async () => {
    await assert.rejects(gate.begin({ factor: 'PWD!', subject: accountSubject('1'), ip: null }), {
      code: 'attempt_factor_invalid',
    });
    await assert.rejects(gate.begin({ factor: 'pwd', subject: 'nobody typed this', ip: null }), {
      code: 'attempt_subject_invalid',
    });
  });
});
