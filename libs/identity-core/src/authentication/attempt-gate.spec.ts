import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { FixedClock } from '../time/clock.js';
import {
  AttemptGate,
  accountSubject,
  loginSubject,
  type Attempt,
  type AttemptRefused,
} from './attempt-gate.js';
import type { AttemptGateOptions } from './attempt-gate.options.js';

type Args = (string | number)[];

/** The TypeScript side of the gate against scripted answers; the Lua side is the medium spec's. */
class FakeRedis {
  commands: Record<string, { numberOfKeys: number; lua: string }> = {};
  begins: Args[] = [];
  finishes: Args[] = [];
  beginReplies: [number, number][] = [];
  /** The IP side's calls (an attempt with an IP): its begins answer from ipBeginReplies, else go. */
  ipBegins: Args[] = [];
  ipFinishes: Args[] = [];
  ipBeginReplies: [number, number][] = [];
  /** Account failures, source failures, source wait end, account wait end: the account side; IP budget spent: the IP side. */
  finishReply: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  hash: Record<string, Record<string, string>> = {};
  hmgets: string[][] = [];
  deleted: string[] = [];
  defineCommand(name: string, def: { numberOfKeys: number; lua: string }) {
    this.commands[name] = def;
  }
  async eduSsoGateBegin(...args: Args) {
    this.begins.push(args);
    return this.beginReplies.shift() ?? [0, 0];
  }
  async eduSsoGateFinish(...args: Args) {
    this.finishes.push(args);
    return this.finishReply.slice(0, 4);
  }
  async eduSsoGateIpBegin(...args: Args) {
    this.ipBegins.push(args);
    return this.ipBeginReplies.shift() ?? [0, 0];
  }
  async eduSsoGateIpFinish(...args: Args) {
    this.ipFinishes.push(args);
    return this.finishReply[4];
  }
  async hmget(key: string, ...fields: string[]) {
    this.hmgets.push([key, ...fields]);
    return fields.map((f) => this.hash[key]?.[f] ?? null);
  }
  async del(key: string) {
    this.deleted.push(key);
    return 1;
  }
}

const T0 = new Date('2026-03-01T10:20:00Z');

function setup(options: Partial<AttemptGateOptions> = {}) {
  const redis = new FakeRedis();
  const clock = new FixedClock(T0);
  const gate = new AttemptGate(redis as unknown as Redis, clock, { namespace: 'ns', ...options });
  return { redis, clock, gate };
}

async function allowed(gate: AttemptGate, ip: string | null = '192.0.2.9'): Promise<Attempt> {
  const a = await gate.begin({ factor: 'pwd', subject: accountSubject('42'), ip });
  assert.ok(a.allowed, 'allowed');
  return a;
}

const realRandom = Math.random;

describe('AttemptGate (TypeScript side, fake Redis)', () => {
  afterEach(() => {
    Math.random = realRandom;
  });

  it('defines the account side’s scripts over two keys, the IP side’s over five, and exposes the resolved policy', () => {
    const { redis, gate } = setup({ ipMaxFailures: 7 });
    assert.deepEqual(Object.keys(redis.commands).sort(), [
      'eduSsoGateBegin',
      'eduSsoGateFinish',
      'eduSsoGateIpBegin',
      'eduSsoGateIpFinish',
    ]);
    for (const [name, c] of Object.entries(redis.commands)) {
      assert.equal(c.numberOfKeys, name.includes('Ip') ? 5 : 2, name);
      assert.ok(c.lua.length > 100);
    }
    assert.equal(gate.policy.ipMaxFailures, 7);
    assert.equal(gate.policy.namespace, 'ns');
    assert.equal(gate.policy.sourceFreeFailures, 5);
    assert.ok(Object.isFrozen(gate.policy));
  });

  it('sends the keys of both IP windows, the policy numbers, the captcha and the subject', async () => {
    const { redis, gate } = setup();
    const windowMs = 3600_000;
    const w = Math.floor(T0.getTime() / windowMs);
    await gate.begin({ factor: 'pwd', subject: accountSubject('42'), ip: '192.0.2.9', captchaSolved: true });
    const [call] = redis.begins;
    // Hash-tagged per side: the subject's keys in one Redis Cluster slot, the IP's in another.
    assert.deepEqual(call!.slice(0, 2), ['gate:ns:s:{a:42}', 'gate:ns:s:{a:42}:inflight:pwd']);
    const ip = 'gate:ns:ip:{pwd:192.0.2.9}';
    const [ipCall] = redis.ipBegins;
    assert.deepEqual(ipCall!.slice(0, 5), [
      `${ip}:inflight`,
      `${ip}:failures:${w}`,
      `${ip}:failures:${w - 1}`,
      `${ip}:signed-in:${w}`,
      `${ip}:signed-in:${w - 1}`,
    ]);
    const args = call!.slice(2);
    assert.deepEqual(ipCall!.slice(5), [...args, 1], 'the same arguments, and: take a place');
    assert.equal(args[0], 'pwd');
    assert.equal(args[1], T0.getTime());
    assert.match(String(args[2]), /^[A-Za-z0-9_-]{12}$/);
    assert.deepEqual(args.slice(3), [
      '192.0.2.9',
      1,
      5,
      10,
      30,
      900,
      100,
      500,
      5,
      windowMs,
      30_000,
      86_400_000,
      1,
      'a:42',
    ]);
    // No IP: the '-' bucket, flagged as none; no captcha.
    await gate.begin({ factor: 'otp', subject: loginSubject('xyz'), ip: null });
    const none = redis.begins[1]!;
    assert.equal(none[0], 'gate:ns:s:{l:xyz}');
    assert.deepEqual([none[5], none[6], none[17], none[18]], ['-', 0, 0, 'l:xyz']);
    assert.equal(redis.ipBegins.length, 1, 'no IP: its side is not asked');
    // Each attempt has its own id.
    assert.notEqual(none[4], args[2]);
  });

  it('maps every refusal of the script to its reason and wait in whole seconds (at least 1)', async () => {
    const { redis, gate } = setup();
    const cases: [[number, number], string, number | null][] = [
      [[1, 0], 'permanent', null],
      [[1, 5000], 'permanent', null],
      [[2, 1500], 'ip', 2],
      [[3, 30_000], 'source', 30],
      [[4, 1], 'account', 1],
      [[4, 0], 'account', 1],
      [[9, 4001], 'busy', 5],
    ];
    for (const [reply, reason, retryAfterSeconds] of cases) {
      redis.beginReplies.push(reply);
      const r = await gate.begin({ factor: 'pwd', subject: accountSubject('42'), ip: null });
      assert.deepEqual(r, { allowed: false, reason, retryAfterSeconds }, String(reply));
    }
  });

  it('waits for attempts in flight, backing off with jitter, then goes ahead', async () => {
    const { redis, gate } = setup({ maxQueueMs: 3000 });
    Math.random = () => 0.99;
    redis.beginReplies.push([5, 0], [5, 0]);
    const started = performance.now();
    const a = await gate.begin({ factor: 'pwd', subject: accountSubject('42'), ip: null });
    const took = performance.now() - started;
    assert.ok(a.allowed);
    assert.equal(redis.begins.length, 3);
    // 20 ms + 19 ms of jitter, then 40 + 39.
    assert.ok(took >= 110, `waited ${took} ms`);
    assert.ok(took < 1000, `waited ${took} ms`);
  });

  it('refuses as busy once the queue time is used up, doubling its pauses meanwhile', async () => {
    const { redis, gate } = setup({ maxQueueMs: 200 });
    Math.random = () => 0;
    redis.beginReplies.push(...Array.from({ length: 50 }, (): [number, number] => [5, 0]));
    const started = performance.now();
    const r = await gate.begin({ factor: 'pwd', subject: accountSubject('42'), ip: null });
    const took = performance.now() - started;
    assert.deepEqual(r, { allowed: false, reason: 'busy', retryAfterSeconds: 1 });
    // Pauses 20, 40, 80: the next (160) would pass the deadline.
    assert.equal(redis.begins.length, 4);
    assert.ok(took >= 135 && took < 1000, `waited ${took} ms`);
  });

  it('refuses at once when no queueing is allowed', async () => {
    const { redis, gate } = setup({ maxQueueMs: 0 });
    redis.beginReplies.push([5, 0], [0, 0]);
    const r = await gate.begin({ factor: 'pwd', subject: accountSubject('42'), ip: null });
    assert.deepEqual(r, { allowed: false, reason: 'busy', retryAfterSeconds: 1 });
    assert.equal(redis.begins.length, 1);
  });

  it('settles an attempt once, at the time of settling, with what happened', async () => {
    const { redis, clock, gate } = setup();
    const ok = await allowed(gate);
    clock.advance(1234);
    await ok.succeed();
    await ok.succeed();
    await ok.abandon();
    await assert.rejects(ok.fail(), { code: 'attempt_settled', message: 'attempt already settled' });
    assert.equal(redis.finishes.length, 1);
    const [finish] = redis.finishes;
    assert.deepEqual(finish!.slice(0, 2), redis.begins[0]!.slice(0, 2));
    assert.equal(finish![3], T0.getTime() + 1234);
    assert.equal(finish![4], redis.begins[0]![4], 'same attempt id');
    assert.deepEqual(finish!.slice(5, 17), redis.begins[0]!.slice(5, 17));
    assert.deepEqual(finish!.slice(17), ['ok', 'a:42']);
    // The IP side settles the same attempt, after the account side.
    assert.deepEqual(redis.ipFinishes[0]!.slice(0, 5), redis.ipBegins[0]!.slice(0, 5));
    assert.deepEqual(redis.ipFinishes[0]!.slice(5), finish!.slice(2));

    const drop = await allowed(gate);
    await drop.abandon();
    await drop.abandon();
    await drop.succeed();
    assert.equal(redis.finishes.length, 2);
    assert.equal(redis.finishes[1]![17], 'drop');
    assert.equal(redis.ipFinishes[1]![20], 'drop');

    const fail = await allowed(gate);
    await fail.fail();
    await assert.rejects(fail.fail(), { code: 'attempt_settled' });
    await fail.succeed();
    await fail.abandon();
    assert.equal(redis.finishes.length, 3);
    assert.equal(redis.finishes[2]![17], 'fail');
    assert.deepEqual(
      redis.ipFinishes.map((f) => f[20]),
      ['ok', 'drop', 'fail'],
    );
  });

  it('reports what a failure did: counts, waits in whole seconds, permanence, the IP budget', async () => {
    const { redis, clock, gate } = setup();
    const now = T0.getTime();
    const outcome = async (reply: [number, number, number, number, number]) => {
      redis.finishReply = reply;
      return (await allowed(gate)).fail();
    };
    assert.deepEqual(await outcome([3, 2, 0, 0, 0]), {
      failures: 3,
      sourceFailures: 2,
      sourceWaitSeconds: null,
      accountWaitSeconds: null,
      permanent: false,
      ipBudgetSpent: false,
    });
    assert.deepEqual(await outcome([6, 6, now + 30_000, 0, 1]), {
      failures: 6,
      sourceFailures: 6,
      sourceWaitSeconds: 30,
      accountWaitSeconds: null,
      permanent: false,
      ipBudgetSpent: true,
    });
    assert.deepEqual(await outcome([11, 1, now, now + 30_001, 0]), {
      failures: 11,
      sourceFailures: 1,
      sourceWaitSeconds: null, // ends now: no wait
      accountWaitSeconds: 31,
      permanent: false,
      ipBudgetSpent: false,
    });
    assert.deepEqual(await outcome([12, 7, now + 1, now + 60_000, 0]), {
      failures: 12,
      sourceFailures: 7,
      sourceWaitSeconds: 1,
      accountWaitSeconds: 60,
      permanent: false,
      ipBudgetSpent: false,
    });
    assert.deepEqual(await outcome([100, 8, now + 900_000, -1, 1]), {
      failures: 100,
      sourceFailures: 8,
      sourceWaitSeconds: null,
      accountWaitSeconds: null,
      permanent: true,
      ipBudgetSpent: true,
    });
    // Waits are measured from the settling time, not from begin.
    const a = await allowed(gate);
    clock.advance(10_000);
    redis.finishReply = [6, 6, now + 30_000, 0, 2];
    const late = await a.fail();
    assert.equal(late.sourceWaitSeconds, 20);
    assert.equal(late.ipBudgetSpent, false);
  });

  it('asks the IP side after the account side, keeps the refusal order, and leaves no place taken on a refusal', async () => {
    const { redis, gate } = setup({ maxQueueMs: 0 });
    const begin = () => gate.begin({ factor: 'pwd', subject: accountSubject('42'), ip: '192.0.2.9' });
    const drops = () => redis.finishes.filter((f) => f[17] === 'drop').length;
    // A permanent lock comes first: the IP side is not asked.
    redis.beginReplies.push([1, 0]);
    assert.deepEqual(await begin(), { allowed: false, reason: 'permanent', retryAfterSeconds: null });
    assert.equal(redis.ipBegins.length, 0);
    // The IP's budget comes before the source's and the account's waits, and before busy.
    for (const account of [3, 4, 5]) {
      redis.beginReplies.push([account, 30_000]);
      redis.ipBeginReplies.push([2, 1500]);
      assert.deepEqual(
        await begin(),
        { allowed: false, reason: 'ip', retryAfterSeconds: 2 },
        String(account),
      );
      assert.equal(redis.ipBegins.at(-1)!.at(-1), 0, 'no account place taken: the IP side only checks');
    }
    redis.beginReplies.push([3, 30_000]);
    assert.deepEqual(await begin(), { allowed: false, reason: 'source', retryAfterSeconds: 30 });
    assert.equal(drops(), 0, 'nothing taken, nothing given back');
    // The account side took a place and the IP side refuses: the account's place is given back.
    redis.ipBeginReplies.push([2, 1500]);
    assert.deepEqual(await begin(), { allowed: false, reason: 'ip', retryAfterSeconds: 2 });
    assert.equal(redis.ipBegins.at(-1)!.at(-1), 1);
    assert.equal(drops(), 1);
    assert.deepEqual(redis.finishes.at(-1)!.slice(0, 5), redis.begins.at(-1)!.slice(0, 5), 'that attempt');
    redis.ipBeginReplies.push([5, 0]);
    assert.deepEqual(await begin(), { allowed: false, reason: 'busy', retryAfterSeconds: 1 });
    assert.equal(drops(), 2);
    assert.equal(redis.ipFinishes.length, 0, 'the IP side took no place');
  });

  it('gives the account side’s place back when the IP side cannot be reached', async () => {
    const { redis, gate } = setup();
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    redis.eduSsoGateIpBegin = () => Promise.reject(down);
    await assert.rejects(gate.begin({ factor: 'pwd', subject: accountSubject('42'), ip: '192.0.2.9' }), down);
    assert.deepEqual(
      redis.finishes.map((f) => f[17]),
      ['drop'],
    );
    assert.deepEqual(redis.finishes[0]!.slice(0, 5), redis.begins[0]!.slice(0, 5));
  });

  it('reads and clears the counters of a subject', async () => {
    const { redis, gate } = setup();
    assert.deepEqual(await gate.failures('pwd', accountSubject('42')), { failures: 0, permanent: false });
    assert.deepEqual(redis.hmgets[0], ['gate:ns:s:{a:42}', 'pwd:n', 'pwd:u']);
    redis.hash['gate:ns:s:{a:42}'] = {
      'pwd:n': '7',
      'pwd:u': '1772360000000',
      'otp:n': '100',
      'otp:u': '-1',
    };
    assert.deepEqual(await gate.failures('pwd', accountSubject('42')), { failures: 7, permanent: false });
    assert.deepEqual(await gate.failures('otp', accountSubject('42')), { failures: 100, permanent: true });
    await gate.clear(accountSubject('42'));
    assert.deepEqual(redis.deleted, ['gate:ns:s:{a:42}']);
  });

  it('refuses factor and subject names outside their alphabets, before touching Redis', async () => {
    const { redis, gate } = setup();
    for (const factor of ['pwd!', '!pwd', 'Pwd', '1pwd', '', 'p'.repeat(33), 'pwd\n'])
      await assert.rejects(
        gate.begin({ factor, subject: accountSubject('42'), ip: null }),
        { code: 'attempt_factor_invalid', message: 'invalid factor name' },
        JSON.stringify(factor),
      );
    for (const subject of ['a:42 x', 'x a:42', 'a:', 'ab:42', 'A:42', `a:${'1'.repeat(81)}`, 'a:4 2'])
      await assert.rejects(
        gate.failures('pwd', subject),
        { code: 'attempt_subject_invalid', message: 'invalid attempt subject' },
        JSON.stringify(subject),
      );
    await assert.rejects(gate.clear('x a:42'), { code: 'attempt_subject_invalid' });
    assert.equal(redis.begins.length + redis.hmgets.length + redis.deleted.length, 0);
    // The longest names allowed.
    const ok = await gate.begin({ factor: `p${'w'.repeat(31)}`, subject: `a:${'1'.repeat(80)}`, ip: null });
    assert.ok((ok as Attempt | AttemptRefused).allowed);
  });
});
