import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { FixedClock } from '../time/clock.js';
import { RateLimiter } from './rate-limiter.js';

/** INCR and PEXPIRE in a MULTI, in memory; remembers every key and expiry it was given. */
class FakeRedis {
  counts = new Map<string, number>();
  expiries = new Map<string, number>();
  multi() {
    const ops: (() => [null, number])[] = [];
    const chain = {
      incr: (key: string) => {
        ops.push(() => {
          const n = (this.counts.get(key) ?? 0) + 1;
          this.counts.set(key, n);
          return [null, n];
        });
        return chain;
      },
      pexpire: (key: string, ms: number) => {
        ops.push(() => (this.expiries.set(key, ms), [null, 1]));
        return chain;
      },
      exec: async () => ops.map((op) => op()),
    };
    return chain;
  }
}

describe('RateLimiter', () => {
  const limit = { max: 3, windowSeconds: 60 };
  // 30 s into a minute-long window.
  const start = new Date('2026-03-01T08:00:30Z');
  const make = () => {
    const redis = new FakeRedis();
    const clock = new FixedClock(start);
    const limiter = new RateLimiter(redis as unknown as Redis, clock);
    return { redis, clock, limiter };
  };

  it('allows max events per window, then says how long until the window ends', async () => {
    const { limiter, clock } = make();
    for (let i = 0; i < limit.max; i++)
      assert.deepEqual(await limiter.hit('ns:pwreset:send', 'lin', limit), { allowed: true });
    assert.deepEqual(await limiter.hit('ns:pwreset:send', 'lin', limit), {
      allowed: false,
      retryAfterSeconds: 30,
    });
    clock.advance(29_500);
    assert.deepEqual(await limiter.hit('ns:pwreset:send', 'lin', limit), {
      allowed: false,
      retryAfterSeconds: 1,
    });
    clock.advance(500); // the next window
    assert.deepEqual(await limiter.hit('ns:pwreset:send', 'lin', limit), { allowed: true });
  });

  it('take refuses with too_many_attempts (of requests) and the wait once the window is full', async () => {
    const { limiter } = make();
    for (let i = 0; i < limit.max; i++) await limiter.take('ns:pwreset:ip', 'k', limit);
    await assert.rejects(limiter.take('ns:pwreset:ip', 'k', limit), {
      code: 'too_many_attempts',
      retryAfterSeconds: 30,
      of: 'requests',
    });
  });

  it('never asks to wait less than a second', async () => {
    const { limiter, clock } = make();
    clock.set(new Date('2026-03-01T08:00:59.999Z'));
    for (let i = 0; i < limit.max; i++) await limiter.hit('ns:pwreset:ip', 'k', limit);
    assert.deepEqual(await limiter.hit('ns:pwreset:ip', 'k', limit), {
      allowed: false,
      retryAfterSeconds: 1,
    });
  });

  it('counts per bucket and key, under the namespace, hashed, and expires keys after two windows', async () => {
    const { limiter, redis } = make();
    await limiter.hit('school-a:pwreset:send', 'lin', limit);
    await limiter.hit('school-a:pwreset:remind', 'lin', limit);
    await limiter.hit('school-a:pwreset:send', 'wang', limit);
    await limiter.hit('school-a:pwreset:send', 'wang', limit);
    const keys = [...redis.counts.keys()];
    assert.equal(keys.length, 3);
    const window = Math.floor(start.getTime() / 60_000);
    for (const key of keys) {
      assert.match(key, new RegExp(`^school-a:pwreset:(send|remind):[A-Za-z0-9_-]{22}:${window}$`));
      assert.ok(!key.includes('lin') && !key.includes('wang'), 'the key never holds the identifier itself');
      assert.equal(redis.expiries.get(key), 120_000);
    }
    assert.deepEqual([...redis.counts.values()].sort(), [1, 1, 2]);
  });

  it('refuses a space that is not a key prefix of its own', async () => {
    const { limiter, redis } = make();
    for (const space of ['', 'ns', 'ns:', ':x', 'ns:a b', 'ns:*', `ns:${'x'.repeat(65)}`, 'a:b:c:d:e:f'])
      await assert.rejects(limiter.hit(space, 'k', limit), { code: 'rate_space_invalid' }, space);
    assert.equal(redis.counts.size, 0);
    await limiter.hit('a:b:c:d:e', 'k', limit);
    assert.equal(redis.counts.size, 1);
  });
});
