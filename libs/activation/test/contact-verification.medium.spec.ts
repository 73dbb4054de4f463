import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { FixedClock, TooManyAttempts, VerificationCodes, type RateLimiter } from '#identity-core';
import type { NotificationOutbox } from '#notifications';
import { testConfig } from '#test-support';
import { resolveActivationOptions } from '../src/activation.options.js';
import { FlowExpired } from '../src/domain/errors.js';
import { ContactVerification } from '../src/flow/contact-verification.js';
import type { FlowStore } from '../src/flow/flow.store.js';
import type { ApplyFlow, ContactState, Flow } from '../src/flow/flow.types.js';

// The flow store, outbox and limiter are fakes; the codes live in the real VerificationCodes on Redis.
const options = resolveActivationOptions({
  codeSecret: randomBytes(32).toString('base64'),
  redisPrefix: 't',
  activationUrl: 'http://x/activate',
});
const config = testConfig();
const redis = new Redis(config.redisUrl);
const namespace = `tcv${randomBytes(5).toString('hex')}`;
const T0 = new Date('2026-03-01T08:00:00Z');
const TTL_MS = options.contactCodeTtlSeconds * 1000;
const MAX_TRIES = options.contactCodeMaxTries;

interface Sent {
  channel: string;
  to: string;
  template: string;
  locale: string;
  data: { code: string; minutes: string };
  idempotencyKey: string;
}

const contact = (value: string, over: Partial<ContactState> = {}): ContactState => ({
  value,
  verified: false,
  sends: 0,
  ...over,
});

describe('ContactVerification', () => {
  let clock: FixedClock;
  let sent: Sent[];
  let saved: string[];
  let saveWorks: boolean;
  let quota: { allowed: true } | { allowed: false; retryAfterSeconds: number };
  let takes: unknown[][];
  let cv: ContactVerification;
  let flow: Flow<ApplyFlow>;

  after(async () => {
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  beforeEach(() => {
    clock = new FixedClock(T0);
    sent = [];
    saved = [];
    saveWorks = true;
    quota = { allowed: true };
    takes = [];
    const store = {
      // What was saved, as JSON, to tell "saved before sending" from "changed afterwards".
      save: async (f: Flow) => (saved.push(JSON.stringify(f.data.contacts)), saveWorks),
    };
    const outbox = { enqueue: async (m: Sent) => void sent.push(m) };
    const limiter = { hit: async (...args: unknown[]) => (takes.push(args), quota) };
    const codes = new VerificationCodes(redis, clock, {
      blindIndexKey: randomBytes(32).toString('base64'),
      redisNamespace: namespace,
    } as never);
    cv = new ContactVerification(
      store as unknown as FlowStore,
      codes,
      outbox as unknown as NotificationOutbox,
      limiter as unknown as RateLimiter,
      options,
    );
    flow = {
      // A flow of its own per test: the codes store is shared.
      id: `flow-${randomBytes(4).toString('hex')}`,
      data: {
        kind: 'apply',
        step: 'verify',
        nationalId: 'A123456789',
        name: '王小明',
        birthDate: '2010-05-12',
        locale: 'zh-TW',
        ip: null,
        contacts: { email: contact('lin@example.tw'), phone: contact('0912345678') },
      },
    };
  });

  const codeFor = (channel: 'email' | 'phone') =>
    sent.filter((m) => m.to === flow.data.contacts[channel]!.value).at(-1)!.data.code;

  it('sends each channel a fresh 6-digit code, stores only its keyed hash, and saves before sending', async () => {
    const id = flow.id;
    await cv.send(flow, ['email', 'phone'], 'en');
    assert.equal(sent.length, 2);
    const [mail, sms] = sent as [Sent, Sent];
    assert.deepEqual(
      { ...mail, data: { ...mail.data, code: 'x' } },
      {
        channel: 'email',
        to: 'lin@example.tw',
        template: 'contact.verify-email',
        locale: 'en',
        data: { code: 'x', minutes: String(options.contactCodeTtlSeconds / 60) },
        idempotencyKey: `contact:${id}:email:1`,
      },
    );
    assert.equal(sms.channel, 'sms');
    assert.equal(sms.to, '0912345678');
    assert.equal(sms.template, 'contact.verify-phone');
    assert.equal(sms.idempotencyKey, `contact:${id}:phone:1`);
    for (const [m, channel] of [
      [mail, 'email'],
      [sms, 'phone'],
    ] as const) {
      assert.match(m.data.code, /^\d{6}$/);
      assert.equal(flow.data.contacts[channel]!.sends, 1);
    }
    assert.equal(saved.length, 1);
    assert.ok(!saved[0]!.includes(mail.data.code) && !saved[0]!.includes(sms.data.code), 'no code in clear');
    // Nor in Redis: the store keeps a keyed hash.
    for (const key of await redis.keys(`${namespace}:*`)) {
      const stored = JSON.stringify(await redis.hgetall(key));
      assert.ok(!stored.includes(mail.data.code) && !stored.includes(sms.data.code), 'no code in clear');
    }
    assert.deepEqual(takes, [
      [
        't:activation:contact-send',
        'email:lin@example.tw',
        { max: options.contactSendsPerHour, windowSeconds: 3600 },
      ],
      [
        't:activation:contact-send',
        'phone:0912345678',
        { max: options.contactSendsPerHour, windowSeconds: 3600 },
      ],
    ]);
  });

  it('sends nothing when the flow expired before it was saved', async () => {
    saveWorks = false;
    await assert.rejects(cv.send(flow, ['email'], 'zh-TW'), FlowExpired);
    assert.deepEqual(sent, []);
  });

  it('skips channels that are verified or not registered', async () => {
    flow.data.contacts.phone!.verified = true;
    delete flow.data.contacts.email;
    await cv.send(flow, ['email', 'phone'], 'zh-TW');
    assert.deepEqual(sent, []);
    assert.deepEqual(takes, []);
  });

  it('allows contactCodeMaxSends codes per channel and flow', async () => {
    for (let n = 1; n <= options.contactCodeMaxSends; n++) {
      await cv.send(flow, ['email'], 'zh-TW');
      assert.equal(sent.at(-1)!.idempotencyKey, `contact:${flow.id}:email:${n}`);
    }
    await assert.rejects(
      cv.send(flow, ['email'], 'zh-TW'),
      (e) => e instanceof TooManyAttempts && e.retryAfterSeconds === null,
    );
    assert.equal(sent.length, options.contactCodeMaxSends);
    // The last code sent still works.
    assert.deepEqual(await cv.verify(flow, { email: codeFor('email') }), [
      { channel: 'email', result: 'verified' },
    ]);
  });

  it('refuses when the address used up its hourly quota, and says for how long', async () => {
    quota = { allowed: false, retryAfterSeconds: 1234 };
    await assert.rejects(
      cv.send(flow, ['phone'], 'zh-TW'),
      (e) => e instanceof TooManyAttempts && e.retryAfterSeconds === 1234,
    );
    assert.deepEqual(sent, []);
    assert.deepEqual(saved, []);
    assert.deepEqual(await cv.verify(flow, { phone: '123456' }), [
      { channel: 'phone', result: 'not_requested' },
    ]);
  });

  it('verifies the right code once, as typed, and saves the result', async () => {
    await cv.send(flow, ['email', 'phone'], 'zh-TW');
    const code = codeFor('phone');
    const typed = ` ${code.slice(0, 3)}-${code.slice(3)} `;
    assert.deepEqual(await cv.verify(flow, { phone: typed }), [{ channel: 'phone', result: 'verified' }]);
    assert.deepEqual(flow.data.contacts.phone, { value: '0912345678', verified: true, sends: 1 });
    assert.equal(saved.length, 2);
    assert.deepEqual(ContactVerification.unverified(flow.data.contacts), ['email']);
    // A verified channel takes no more codes.
    assert.deepEqual(await cv.verify(flow, { phone: code }), []);
  });

  it('does not save when nothing got verified, and fails when the flow is gone', async () => {
    await cv.send(flow, ['email'], 'zh-TW');
    const wrong = codeFor('email') === '000000' ? '111111' : '000000';
    await cv.verify(flow, { email: wrong });
    assert.equal(saved.length, 1);
    saveWorks = false;
    await assert.rejects(cv.verify(flow, { email: codeFor('email') }), FlowExpired);
  });

  it('saves a right code entered together with a wrong one', async () => {
    await cv.send(flow, ['email', 'phone'], 'zh-TW');
    const wrong = codeFor('phone') === '000000' ? '111111' : '000000';
    const results = await cv.verify(flow, { email: codeFor('email'), phone: wrong });
    assert.deepEqual(
      results.map((r) => r.result),
      ['verified', 'wrong'],
    );
    assert.equal(saved.length, 2);
    assert.match(saved[1]!, /"email":\{"value":"lin@example.tw","verified":true/);
  });

  it('ignores channels left blank, and reports malformed codes without counting a try', async () => {
    await cv.send(flow, ['email', 'phone'], 'zh-TW');
    assert.deepEqual(await cv.verify(flow, { email: '  ', phone: undefined }), []);
    assert.equal(saved.length, 1, 'nothing entered, nothing saved');
    assert.deepEqual(await cv.verify(flow, { email: '12345', phone: '１２３４５６７' }), [
      { channel: 'email', result: 'format' },
      { channel: 'phone', result: 'format' },
    ]);
    // Not counted: the first wrong code still has every try but one left.
    const wrong = codeFor('email') === '000000' ? '111111' : '000000';
    assert.deepEqual(await cv.verify(flow, { email: wrong }), [
      { channel: 'email', result: 'wrong', remainingTries: MAX_TRIES - 1 },
    ]);
  });

  it('a channel without a code sent says so', async () => {
    assert.deepEqual(await cv.verify(flow, { email: '123456' }), [
      { channel: 'email', result: 'not_requested' },
    ]);
    // Nor does a code that was used already.
    await cv.send(flow, ['phone'], 'zh-TW');
    const code = codeFor('phone');
    await cv.verify(flow, { phone: code });
    flow.data.contacts.phone!.verified = false;
    assert.deepEqual(await cv.verify(flow, { phone: code }), [{ channel: 'phone', result: 'not_requested' }]);
  });

  it('a code is good until its deadline, inclusive', async () => {
    await cv.send(flow, ['email'], 'zh-TW');
    clock.advance(TTL_MS);
    assert.deepEqual(await cv.verify(flow, { email: codeFor('email') }), [
      { channel: 'email', result: 'verified' },
    ]);

    await cv.send(flow, ['phone'], 'zh-TW');
    clock.advance(TTL_MS + 1);
    assert.deepEqual(await cv.verify(flow, { phone: codeFor('phone') }), [
      { channel: 'phone', result: 'expired' },
    ]);
    assert.equal(flow.data.contacts.phone!.verified, false);
  });

  it('allows contactCodeMaxTries wrong entries per channel, across new codes', async () => {
    await cv.send(flow, ['email'], 'zh-TW');
    const wrong = codeFor('email') === '000000' ? '111111' : '000000';
    for (let i = 1; i < MAX_TRIES; i++)
      assert.deepEqual(await cv.verify(flow, { email: wrong }), [
        { channel: 'email', result: 'wrong', remainingTries: MAX_TRIES - i },
      ]);
    assert.deepEqual(await cv.verify(flow, { email: wrong }), [
      { channel: 'email', result: 'too_many_tries' },
    ]);
    // A new code does not reset the count, and even the right code is refused now.
    await cv.send(flow, ['email'], 'zh-TW');
    assert.deepEqual(await cv.verify(flow, { email: codeFor('email') }), [
      { channel: 'email', result: 'too_many_tries' },
    ]);
    assert.equal(flow.data.contacts.email!.verified, false);
  });

  it('the last allowed try may still be the right code', async () => {
    await cv.send(flow, ['email'], 'zh-TW');
    const wrong = codeFor('email') === '000000' ? '111111' : '000000';
    for (let i = 1; i < MAX_TRIES; i++) await cv.verify(flow, { email: wrong });
    assert.deepEqual(await cv.verify(flow, { email: codeFor('email') }), [
      { channel: 'email', result: 'verified' },
    ]);
  });

  it('a code proves only the channel and address it was sent to', async () => {
    await cv.send(flow, ['email', 'phone'], 'zh-TW');
    const emailCode = codeFor('email');
    const phoneCode = codeFor('phone');
    if (emailCode !== phoneCode) {
      const r = await cv.verify(flow, { phone: emailCode });
      assert.equal(r[0]!.result, 'wrong');
    }
    flow.data.contacts.phone!.value = '0987654321'; // the number changed since the code was sent
    assert.equal((await cv.verify(flow, { phone: phoneCode }))[0]!.result, 'wrong');
  });

  it('allVerified: at least one channel, and every registered one verified', () => {
    assert.equal(ContactVerification.allVerified({}), false);
    assert.equal(ContactVerification.allVerified({ email: contact('a@b.tw', { verified: true }) }), true);
    assert.equal(
      ContactVerification.allVerified({
        email: contact('a@b.tw', { verified: true }),
        phone: contact('0912345678'),
      }),
      false,
    );
    assert.deepEqual(ContactVerification.unverified({ phone: contact('0912345678') }), ['phone']);
  });
});
