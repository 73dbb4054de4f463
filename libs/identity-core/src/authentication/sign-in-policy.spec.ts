import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdentityCoreOptions } from '../identity-core.options.js';
import { ACR, SignInPolicy } from './sign-in-policy.js';
import { fakeAccount, fakeMethod } from './sign-in-method.fakes.js';

const policy = (secondFactorTitles: string[] = []) =>
  new SignInPolicy({ signInPolicy: { secondFactorTitles } } as IdentityCoreOptions);

const pwd = fakeMethod('pwd', { factor: 'knowledge' });
const otp = fakeMethod('otp', { factor: 'possession', stages: ['second'] });
const pin = fakeMethod('pin', { factor: 'knowledge', stages: ['second'] });
const student = fakeAccount('s', ['學生']);
const director = fakeAccount('d', ['教師', '教務主任']);
const none = { acrValues: [] };

describe('SignInPolicy', () => {
  it('asks staff (by role: any title but 學生, 家長, 教師) for a second factor when they have one', () => {
    const p = new SignInPolicy({ signInPolicy: { secondFactorRoles: ['staff'] } } as IdentityCoreOptions);
    assert.equal(p.needsAffiliations, true);
    const after = (account: typeof student) => p.decide({ account, factors: ['knowledge'] }, none, [otp]);
    assert.deepEqual(after(director), { done: false, methods: [otp] });
    assert.deepEqual(after(fakeAccount('t', ['教師'])), { done: true, acr: ACR.singleFactor });
    assert.deepEqual(after(student), { done: true, acr: ACR.singleFactor });
    // Without a factor of another kind the staff member still gets in, at the level reached.
    assert.deepEqual(p.decide({ account: director, factors: ['knowledge'] }, none, []), {
      done: true,
      acr: ACR.singleFactor,
    });
  });

  it('wants a further factor only for mfa asked, an essential acr not reached, or staff; never past mfa', () => {
    const p = new SignInPolicy({ signInPolicy: { secondFactorRoles: ['staff'] } } as IdentityCoreOptions);
    const one = (account: typeof student) => ({ account, factors: ['knowledge' as const] });
    assert.equal(p.wantsFurtherFactor(one(student), none), false, 'a student, nothing asked: no lookups');
    assert.equal(p.wantsFurtherFactor(one(student), { acrValues: [ACR.multiFactor] }), true);
    assert.equal(p.wantsFurtherFactor(one(student), { acrValues: [], essential: [ACR.multiFactor] }), true);
    assert.equal(
      p.wantsFurtherFactor(one(student), { acrValues: [], essential: [ACR.singleFactor] }),
      false,
      'an essential acr already reached',
    );
    assert.equal(p.wantsFurtherFactor(one(director), none), true, 'staff');
    const both = { account: director, factors: ['knowledge' as const, 'possession' as const] };
    assert.equal(p.wantsFurtherFactor(both, { acrValues: [ACR.multiFactor] }), false);
  });

  it('reaches the single-factor acr with one factor, mfa only with two different kinds', () => {
    const p = policy();
    assert.equal(p.acrFor(['knowledge']), ACR.singleFactor);
    assert.equal(p.acrFor(['knowledge', 'knowledge']), ACR.singleFactor);
    assert.equal(p.acrFor(['knowledge', 'possession']), ACR.multiFactor);
    assert.equal(p.acrFor(['federated', 'inherence']), ACR.multiFactor);
  });

  it('today (password only, no titles configured): done after the password with the password acr, whatever was asked', () => {
    const p = policy();
    const login = { account: director, factors: ['knowledge' as const] };
    assert.deepEqual(p.decide(login, none, []), { done: true, acr: 'urn:edu-sso:acr:password' });
    // acr_values is voluntary: the login reports what it reached.
    assert.deepEqual(p.decide(login, { acrValues: [ACR.multiFactor] }, []), {
      done: true,
      acr: ACR.singleFactor,
    });
    // essential with a reachable value: satisfied.
    assert.deepEqual(p.decide(login, { acrValues: [], essential: [ACR.multiFactor, ACR.singleFactor] }, []), {
      done: true,
      acr: ACR.singleFactor,
    });
    assert.deepEqual(p.achievableAcrs([pwd]), [ACR.singleFactor]);
  });

  it('asks for a second factor of another kind when the RP requests mfa and the account has one', () => {
    const p = policy();
    const login = { account: student, factors: ['knowledge' as const] };
    assert.deepEqual(p.decide(login, none, [otp]), { done: true, acr: ACR.singleFactor });
    const more = p.decide(login, { acrValues: [ACR.multiFactor] }, [pin, otp]);
    assert.ok('methods' in more);
    assert.deepEqual(
      more.methods.map((m) => m.id),
      ['otp'],
      'a second knowledge factor does not make mfa',
    );
    assert.deepEqual(p.decide(login, { acrValues: [ACR.multiFactor] }, [pin]), {
      done: true,
      acr: ACR.singleFactor,
    });
  });

  it('refuses an essential mfa the account cannot reach, and is done once two kinds are in', () => {
    const p = policy();
    const one = { account: student, factors: ['knowledge' as const] };
    assert.deepEqual(p.decide(one, { acrValues: [], essential: [ACR.multiFactor] }, []), { unmet: true });
    assert.ok('methods' in p.decide(one, { acrValues: [], essential: [ACR.multiFactor] }, [otp]));
    const two = { account: student, factors: ['knowledge' as const, 'possession' as const] };
    assert.deepEqual(p.decide(two, { acrValues: [], essential: [ACR.multiFactor] }, [otp]), {
      done: true,
      acr: ACR.multiFactor,
    });
  });

  it('asks staff (configured titles) for their second factor, lets others and staff without one through', () => {
    const p = policy(['教務主任']);
    assert.ok(p.needsAffiliations);
    assert.equal(policy().needsAffiliations, false);
    assert.ok('methods' in p.decide({ account: director, factors: ['knowledge'] }, none, [otp]));
    assert.deepEqual(p.decide({ account: student, factors: ['knowledge'] }, none, [otp]), {
      done: true,
      acr: ACR.singleFactor,
    });
    assert.deepEqual(p.decide({ account: director, factors: ['knowledge'] }, none, []), {
      done: true,
      acr: ACR.singleFactor,
    });
  });

  it('can reach mfa only with a first method and a second-stage method of another kind', () => {
    const p = policy();
    assert.deepEqual(p.achievableAcrs([pwd, pin]), [ACR.singleFactor]);
    assert.deepEqual(p.achievableAcrs([pwd, otp]), [ACR.singleFactor, ACR.multiFactor]);
    assert.deepEqual(p.achievableAcrs([otp]), []);
  });
});
