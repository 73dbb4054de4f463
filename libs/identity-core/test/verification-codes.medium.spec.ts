import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SIX_DIGITS, TooManyAttempts, VerificationCodes, type CodePolicy } from '#identity-core';
import { identityCoreContext, type TestContext } from '#test-support';

const SMS: CodePolicy = { format: SIX_DIGITS, ttlSeconds: 600, maxTries: 5, resendAfterSeconds: 60 };
const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('VerificationCodes (Redis)', () => {
  let t: TestContext;
  let codes: VerificationCodes;
  before(async () => {
    t = await identityCoreContext();
    codes = t.app.get(VerificationCodes);
  });
  after(() => t.close());

  it('accepts a code once, bound to its purpose, subject and binding', async () => {
    const { code, expiresAt } = await codes.issue('sms-login', 'acct:1', SMS, '0912345678');
    assert.match(code, /^\d{6}$/);
    assert.equal(expiresAt.getTime(), t.clock.now().getTime() + 600_000);
    assert.equal((await codes.check('sms-login', 'acct:2', code, SMS, '0912345678')).result, 'none');
    assert.equal((await codes.check('email-verify', 'acct:1', code, SMS, '0912345678')).result, 'none');
    assert.deepEqual(await codes.check('sms-login', 'acct:1', code, SMS, '0900000000'), {
      result: 'wrong',
      remainingTries: 4,
    });
    // Typed with spaces and full-width digits, as a phone keyboard or an IME may.
    const typed = `${code.slice(0, 3)} ${code.slice(3)}`.replace(/\d/g, (d) =>
      String.fromCharCode(0xff10 + Number(d)),
    );
    assert.deepEqual(await codes.check('sms-login', 'acct:1', typed, SMS, '0912345678'), {
      result: 'accepted',
      remainingTries: 4,
    });
    assert.equal((await codes.check('sms-login', 'acct:1', code, SMS, '0912345678')).result, 'none');
  });

  it('refuses input that cannot be a code without counting it', async () => {
    const { code } = await codes.issue('sms-login', 'acct:format', SMS);
    for (const bad of ['12345', '1234567', 'abcdef', '', null, 42])
      assert.equal((await codes.check('sms-login', 'acct:format', bad, SMS)).result, 'format');
    assert.equal((await codes.check('sms-login', 'acct:format', code, SMS)).result, 'accepted');
  });

  it('expires by the clock', async () => {
    const { code } = await codes.issue('sms-login', 'acct:exp', SMS);
    t.clock.advance(600_001);
    assert.equal((await codes.check('sms-login', 'acct:exp', code, SMS)).result, 'expired');
  });

  it('dies at the fifth wrong entry; the right code is refused after that', async () => {
    const { code } = await codes.issue('sms-login', 'acct:tries', SMS);
    for (let left = 4; left >= 1; left--)
      assert.deepEqual(await codes.check('sms-login', 'acct:tries', wrongOf(code), SMS), {
        result: 'wrong',
        remainingTries: left,
      });
    assert.equal((await codes.check('sms-login', 'acct:tries', wrongOf(code), SMS)).result, 'exhausted');
    assert.equal((await codes.check('sms-login', 'acct:tries', code, SMS)).result, 'exhausted');
  });

  it('refuses a resend inside the interval and replaces the old code after it', async () => {
    const first = await codes.issue('sms-login', 'acct:resend', SMS);
    t.clock.advance(30_000);
    await assert.rejects(codes.issue('sms-login', 'acct:resend', SMS), (e: unknown) => {
      assert.ok(e instanceof TooManyAttempts);
      assert.equal(e.retryAfterSeconds, 30);
      return true;
    });
    assert.equal(await codes.resendIn('sms-login', 'acct:resend', SMS), 30);
    t.clock.advance(30_000);
    assert.equal(await codes.resendIn('sms-login', 'acct:resend', SMS), 0);
    const second = await codes.issue('sms-login', 'acct:resend', SMS);
    if (first.code !== second.code)
      assert.equal((await codes.check('sms-login', 'acct:resend', first.code, SMS)).result, 'wrong');
    assert.equal((await codes.check('sms-login', 'acct:resend', second.code, SMS)).result, 'accepted');
  });

  it('with a tries span, a new code brings no new tries', async () => {
    const policy: CodePolicy = { ...SMS, resendAfterSeconds: 0, triesSpanSeconds: 3600 };
    let { code } = await codes.issue('contact', 'flow:1', policy);
    for (let i = 0; i < 3; i++) await codes.check('contact', 'flow:1', wrongOf(code), policy);
    ({ code } = await codes.issue('contact', 'flow:1', policy));
    assert.deepEqual(await codes.check('contact', 'flow:1', wrongOf(code), policy), {
      result: 'wrong',
      remainingTries: 1,
    });
    assert.equal((await codes.check('contact', 'flow:1', wrongOf(code), policy)).result, 'exhausted');
    ({ code } = await codes.issue('contact', 'flow:1', policy));
    assert.equal((await codes.check('contact', 'flow:1', code, policy)).result, 'exhausted');
    // Without a span, a new code starts with its own tries.
    ({ code } = await codes.issue('sms-login', 'acct:span', { ...SMS, resendAfterSeconds: 0 }));
    for (let i = 0; i < 4; i++) await codes.check('sms-login', 'acct:span', wrongOf(code), SMS);
    ({ code } = await codes.issue('sms-login', 'acct:span', { ...SMS, resendAfterSeconds: 0 }));
    assert.equal((await codes.check('sms-login', 'acct:span', code, SMS)).result, 'accepted');
  });

  it('accepts a code once when two instances race', async () => {
    const { code } = await codes.issue('sms-login', 'acct:race', SMS);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => codes.check('sms-login', 'acct:race', code, SMS)),
    );
    assert.equal(results.filter((r) => r.result === 'accepted').length, 1);
  });

  it('discards a subject’s code and tries', async () => {
    const { code } = await codes.issue('sms-login', 'acct:gone', SMS);
    await codes.discard('sms-login', 'acct:gone');
    assert.equal((await codes.check('sms-login', 'acct:gone', code, SMS)).result, 'none');
  });

  it('refuses a purpose that is not a plain name', async () => {
    await assert.rejects(codes.issue('Bad Purpose', 's', SMS), /invalid code purpose/);
  });
});
