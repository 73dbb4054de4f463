import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIGN_IN_ORDER } from './sign-in-method.js';
import { SignInMethodRegistry } from './sign-in-method.registry.js';
import { fakeAccount, fakeMethod } from './sign-in-method.fakes.js';

describe('SignInMethodRegistry', () => {
  it("lists methods in the login page's order, whatever order they registered in", () => {
    const r = new SignInMethodRegistry();
    r.register(fakeMethod('moica', { order: SIGN_IN_ORDER.citizenCertificate }));
    r.register(fakeMethod('pwd', { order: SIGN_IN_ORDER.password }));
    r.register(fakeMethod('county', { order: SIGN_IN_ORDER.countyAccount }));
    r.register(fakeMethod('otp', { order: SIGN_IN_ORDER.oneTimePassword }));
    assert.deepEqual(
      r.all().map((m) => m.id),
      ['pwd', 'otp', 'county', 'moica'],
    );
    assert.equal(r.get('otp')?.id, 'otp');
    assert.equal(r.get('nope'), undefined);
  });

  it('refuses a second method with the same id, an id unfit for a URL, and a method without amr or stage', () => {
    const r = new SignInMethodRegistry();
    r.register(fakeMethod('pwd'));
    assert.throws(() => r.register(fakeMethod('pwd')), /twice/);
    assert.throws(() => r.register(fakeMethod('../x')), /URL-safe/);
    assert.throws(() => r.register(fakeMethod('Pwd')), /URL-safe/);
    assert.throws(() => r.register(fakeMethod('x', { amr: [] })), /amr/);
    assert.throws(() => r.register(fakeMethod('y', { stages: [] })), /stage/);
    assert.deepEqual(
      r.all().map((m) => m.id),
      ['pwd'],
    );
  });

  it('offers for a stage only the methods of that stage that are available in the situation', async () => {
    const r = new SignInMethodRegistry();
    r.register(fakeMethod('pwd', { order: 10 }));
    r.register(fakeMethod('otp', { order: 20, stages: ['first', 'second'], factor: 'possession' }));
    r.register(
      fakeMethod('totp', {
        order: 25,
        stages: ['second'],
        // configured for one account only, and async like a lookup
        availableFor: async (s) => s.account?.sub === 'a',
      }),
    );
    r.register(fakeMethod('county', { order: 30, availableFor: (s) => s.clientId !== 'no-county' }));
    const first = await r.available('first', { clientId: 'c', account: null, amr: [] });
    assert.deepEqual(
      first.map((m) => m.id),
      ['pwd', 'otp', 'county'],
    );
    const firstNoCounty = await r.available('first', { clientId: 'no-county', account: null, amr: [] });
    assert.deepEqual(
      firstNoCounty.map((m) => m.id),
      ['pwd', 'otp'],
    );
    const secondA = await r.available('second', { clientId: 'c', account: fakeAccount('a'), amr: ['pwd'] });
    assert.deepEqual(
      secondA.map((m) => m.id),
      ['otp', 'totp'],
    );
    const secondB = await r.available('second', { clientId: 'c', account: fakeAccount('b'), amr: ['pwd'] });
    assert.deepEqual(
      secondB.map((m) => m.id),
      ['otp'],
    );
  });
});
