import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { BruteForceGuard, type BruteForceOptions } from '#identity-core';
import { LoginHarness, loginContext } from './login-support.js';

/**
 * BruteForceGuard still counts activation and reset codes (password login moved to AttemptGate).
 * These checks moved here from the password tests when the password stopped using the guard.
 */
describe('BruteForceGuard (Redis): the counters activation and reset codes still use', () => {
  const POLICY: Partial<BruteForceOptions> = {
    namespace: `t-guard-${randomBytes(6).toString('hex')}`,
    freeFailures: 5,
    baseDelaySeconds: 30,
    maxDelaySeconds: 900,
    permanentLockAfter: 13,
    ipMaxFailures: 10,
    ipWindowSeconds: 300,
  };
  let h: LoginHarness;
  let guard: BruteForceGuard;
  before(async () => {
    h = await loginContext({}, POLICY);
    guard = h.t.app.get(BruteForceGuard);
  });
  after(() => h.close());

  it('keeps one factor apart from another, and a success resets only its own', async () => {
    let state;
    for (let i = 0; i < 20; i++) state = await guard.recordFailure('otp', 'otp.apart');
    assert.deepEqual(state, { failures: 20, lock: 'permanent' });
    assert.deepEqual(await guard.check('otp', 'OTP.Apart'), { allowed: false, retryAfterSeconds: null });
    assert.deepEqual(await guard.check('pwd', 'otp.apart'), { allowed: true });

    for (let i = 0; i < 6; i++) await guard.recordFailure('pwd', 'pwd.apart');
    assert.deepEqual(await guard.check('pwd', 'pwd.apart'), { allowed: false, retryAfterSeconds: 30 });
    assert.deepEqual(await guard.check('otp', 'pwd.apart'), { allowed: true });
    assert.deepEqual(await guard.recordFailure('otp', 'pwd.apart'), { failures: 1, lock: 'none' });
    await guard.reset('otp', 'pwd.apart');
    assert.deepEqual(await guard.check('pwd', 'pwd.apart'), { allowed: false, retryAfterSeconds: 30 });
  });

  it('counts Name, NAME and name@mail.edu.tw as one key, and clear removes every factor', async () => {
    for (const s of [
      'Case.Mix',
      'CASE.MIX',
      'case.mix@mail.edu.tw',
      'Case.Mix@MAIL.EDU.TW',
      ' case.mix ',
      'case.mix',
    ])
      await guard.recordFailure('pwd-reset', s);
    for (let i = 0; i < 6; i++) await guard.recordFailure('otp', 'case.mix');
    assert.deepEqual(await guard.check('pwd-reset', 'Case.Mix'), { allowed: false, retryAfterSeconds: 30 });
    await guard.clear('CASE.MIX@mail.edu.tw');
    assert.deepEqual(await guard.check('pwd-reset', 'case.mix'), { allowed: true });
    assert.deepEqual(await guard.check('otp', 'case.mix'), { allowed: true });
  });

  it('limits an IP per window, IPv6 by /64 and IPv4-mapped addresses as IPv4', async () => {
    for (let i = 0; i < 10; i++) await guard.hitIp('2001:db8:1:2::1');
    assert.equal((await guard.checkIp('2001:DB8:1:2:ffff::9')).allowed, false);
    assert.equal((await guard.checkIp('2001:db8:1:3::1')).allowed, true);
    for (let i = 0; i < 10; i++) await guard.hitIp('::ffff:198.51.100.1');
    assert.equal((await guard.checkIp('198.51.100.1')).allowed, false);
  });
});
