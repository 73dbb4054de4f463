import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccountRepository } from '../accounts/account.repository.js';
import type { IdentityCoreOptions } from '../identity-core.options.js';
import { SignInFlow, SignInStepUnknown, type SignInProgress } from './sign-in-flow.js';
import { START_STEP, type MethodView, type SignInOutcome } from './sign-in-method.js';
import { SignInMethodRegistry } from './sign-in-method.registry.js';
import { ACR, SignInPolicy } from './sign-in-policy.js';
import { fakeAccount, fakeMethod } from './sign-in-method.fakes.js';

const ctx = { ip: '192.0.2.1', userAgent: null };
const view: MethodView = {
  kind: 'form',
  title: { 'zh-TW': '輸入驗證碼', en: 'Enter the code' },
  fields: [{ name: 'code', label: { 'zh-TW': '驗證碼', en: 'Code' } }],
  submit: { 'zh-TW': '送出', en: 'Submit' },
};
const alice = fakeAccount('alice');
const bob = fakeAccount('bob');
const request = (acrValues: string[] = []) => ({ clientId: 'rp', acr: { acrValues } });

function setup() {
  const registry = new SignInMethodRegistry();
  const accounts = { findBySub: async (sub: string) => ({ alice, bob })[sub] ?? null };
  const flow = new SignInFlow(
    registry,
    new SignInPolicy({} as IdentityCoreOptions),
    accounts as unknown as AccountRepository,
  );
  const seen: unknown[] = [];
  registry.register(
    fakeMethod('pwd', {
      complete: async (s): Promise<SignInOutcome> =>
        s.form.password === 'right'
          ? { kind: 'identified', account: s.form.login === 'bob' ? bob : alice, amr: ['pwd'] }
          : { kind: 'rejected', reason: 'invalid_credentials' },
    }),
  );
  registry.register(
    fakeMethod('code', {
      order: 20,
      factor: 'possession',
      amr: ['otp'],
      stages: ['first', 'second'],
      begin: async (situation) => ({
        kind: 'challenge',
        step: 'code',
        state: { who: situation.account?.sub ?? 'alice' },
        view,
      }),
      complete: async (s): Promise<SignInOutcome> => {
        seen.push(s.state);
        if (s.form.code !== '123456') return { kind: 'rejected', reason: 'invalid_credentials' };
        return { kind: 'identified', account: s.form.as === 'bob' ? bob : alice, amr: ['otp'] };
      },
    }),
  );
  return { flow, seen };
}

describe('SignInFlow', () => {
  it('finishes a one-step method with its amr and the single-factor acr', async () => {
    const { flow } = setup();
    const next = await flow.complete(
      'pwd',
      START_STEP,
      { login: 'alice', password: 'right' },
      null,
      request(),
      ctx,
    );
    assert.deepEqual(next, { next: 'finish', accountSub: 'alice', amr: ['pwd'], acr: ACR.singleFactor });
  });

  it('asks the further-factor methods about the account only when the policy wants another factor', async () => {
    const registry = new SignInMethodRegistry();
    const asked: string[] = [];
    registry.register(
      fakeMethod('pwd', { complete: async () => ({ kind: 'identified', account: alice, amr: ['pwd'] }) }),
    );
    registry.register(
      fakeMethod('otp', {
        factor: 'possession',
        stages: ['second'],
        availableFor: ({ account }) => (asked.push(account!.sub), true),
        begin: async () => ({ kind: 'challenge', step: 'code', state: {}, view }),
      }),
    );
    const flow = new SignInFlow(registry, new SignInPolicy({} as IdentityCoreOptions), {
      findBySub: async () => alice,
    } as unknown as AccountRepository);
    const plain = await flow.complete('pwd', START_STEP, {}, null, request(), ctx);
    assert.equal(plain.next, 'finish');
    assert.deepEqual(asked, [], 'a plain login looks up no second factor');
    const mfa = await flow.complete('pwd', START_STEP, {}, null, request([ACR.multiFactor]), ctx);
    assert.equal(mfa.next, 'show');
    assert.deepEqual(asked, ['alice']);
  });

  it('keeps a challenge as pending progress and hands its state back at the next step', async () => {
    const { flow, seen } = setup();
    const shown = await flow.begin('code', null, request(), ctx);
    assert.equal(shown.next, 'show');
    assert.ok(shown.next === 'show');
    assert.deepEqual(shown.progress.pending, { method: 'code', step: 'code', state: { who: 'alice' }, view });
    // What the idp stores is plain JSON: it survives the trip through Redis.
    const stored = JSON.parse(JSON.stringify(shown.progress)) as SignInProgress;
    const wrong = await flow.complete('code', 'code', { code: '000000' }, stored, request(), ctx);
    assert.equal(wrong.next, 'rejected');
    assert.ok(wrong.next === 'rejected');
    assert.deepEqual(wrong.pending, stored.pending, 'the challenge stays open after a wrong answer');
    const done = await flow.complete('code', 'code', { code: '123456' }, stored, request(), ctx);
    assert.deepEqual(done, { next: 'finish', accountSub: 'alice', amr: ['otp'], acr: ACR.singleFactor });
    assert.deepEqual(seen, [{ who: 'alice' }, { who: 'alice' }]);
  });

  it('refuses steps that are not open: unknown method, a step never challenged, begin of a method without one', async () => {
    const { flow } = setup();
    await assert.rejects(flow.begin('nope', null, request(), ctx), SignInStepUnknown);
    await assert.rejects(
      flow.complete('code', 'code', { code: '123456' }, null, request(), ctx),
      SignInStepUnknown,
    );
    await assert.rejects(flow.begin('pwd', null, request(), ctx), SignInStepUnknown);
    await assert.rejects(flow.complete('code', START_STEP, {}, null, request(), ctx), SignInStepUnknown);
  });

  it('asks for the second factor the RP wants, which must prove the same account, then reaches mfa', async () => {
    const { flow } = setup();
    const mfa = request([ACR.multiFactor]);
    const first = await flow.complete(
      'pwd',
      START_STEP,
      { login: 'alice', password: 'right' },
      null,
      mfa,
      ctx,
    );
    assert.ok(first.next === 'show', `got ${first.next}`);
    assert.equal(first.progress.accountSub, 'alice');
    assert.deepEqual(first.pending.state, { who: 'alice' }, "the second factor's begin ran for alice");
    const other = await flow.complete(
      'code',
      'code',
      { code: '123456', as: 'bob' },
      first.progress,
      mfa,
      ctx,
    );
    assert.ok(other.next === 'rejected' && other.reason === 'invalid_credentials');
    const done = await flow.complete('code', 'code', { code: '123456' }, first.progress, mfa, ctx);
    assert.deepEqual(done, {
      next: 'finish',
      accountSub: 'alice',
      amr: ['pwd', 'otp', 'mfa'],
      acr: ACR.multiFactor,
    });
  });

  it('starts afresh when a first factor is used again', async () => {
    const { flow } = setup();
    const mfa = request([ACR.multiFactor]);
    const first = await flow.complete(
      'pwd',
      START_STEP,
      { login: 'alice', password: 'right' },
      null,
      mfa,
      ctx,
    );
    assert.ok(first.next === 'show');
    const again = await flow.complete(
      'pwd',
      START_STEP,
      { login: 'bob', password: 'right' },
      first.progress,
      request(),
      ctx,
    );
    assert.deepEqual(again, { next: 'finish', accountSub: 'bob', amr: ['pwd'], acr: ACR.singleFactor });
  });

  it('reports the acr values the registered methods can reach', () => {
    assert.deepEqual(setup().flow.achievableAcrs(), [ACR.singleFactor, ACR.multiFactor]);
  });
});
