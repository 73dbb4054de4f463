import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { FixedClock } from '#identity-core';
import { ipRateKey, ResetRateLimiter } from './reset-rate-limiter.js';

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

describe('ResetRateLimiter', () => {
  const limit = { max: 3, windowSeconds: 60 };
  // 30 s into a minute-long window.
  const start = new Date('2026-03-01T08:00:30Z');
  const make = (namespace = 'ns') => {
    const redis = new FakeRedis();
    const clock = new FixedClock(start);
    const limiter = new ResetRateLimiter(redis as unknown as Redis, clock, {
      secret: randomBytes(32),
      resetLinkUrl: 'http://x/r',
      namespace,
    });
    return { redis, clock, limiter };
  };

  it('allows max events per window, then says how long until the window ends', async () => {
    const { limiter, clock } = make();
    for (let i = 0; i < limit.max; i++)
      assert.deepEqual(await limiter.hit('send', 'lin', limit), { allowed: true });
    assert.deepEqual(await limiter.hit('send', 'lin', limit), { allowed: false, retryAfterSeconds: 30 });
    clock.advance(29_500);
    assert.deepEqual(await limiter.hit('send', 'lin', limit), { allowed: false, retryAfterSeconds: 1 });
    clock.advance(500); // the next window
    assert.deepEqual(await limiter.hit('send', 'lin', limit), { allowed: true });
  });

  it('never asks to wait less than a second', async () => {
    const { limiter, clock } = make();
    clock.set(new Date('2026-03-01T08:00:59.999Z'));
    for (let i = 0; i < limit.max; i++) await limiter.hit('ip', 'k', limit);
    assert.deepEqual(await limiter.hit('ip', 'k', limit), { allowed: false, retryAfterSeconds: 1 });
  });

  it('counts per bucket and key, under the namespace, hashed, and expires keys after two windows', async () => {
    const { limiter, redis } = make('school-a');
    await limiter.hit('send', 'lin', limit);
    await limiter.hit('remind', 'lin', limit);
    await limiter.hit('send', 'wang', limit);
    await limiter.hit('send', 'wang', limit);
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
});

describe('ipRateKey', () => {
  it('keeps IPv4 addresses, also IPv4-mapped ones, as they are', () => {
    assert.equal(ipRateKey('192.0.2.7'), '192.0.2.7');
    assert.equal(ipRateKey(' ::FFFF:192.0.2.7 '), '192.0.2.7');
    assert.equal(ipRateKey('::ffff:192.0.2.7'), ipRateKey('192.0.2.7'));
    assert.equal(ipRateKey('::ffff:192.0.22.173'), '192.0.22.173');
    // Only the mapped prefix itself: an IPv6 address with an IPv4 tail is IPv6.
    assert.equal(ipRateKey('1::ffff:192.0.2.7'), '1:0:0:0::/64');
  });

  it('counts IPv6 per /64, however the address is written', () => {
    const key = '2001:db8:1:2::/64';
    for (const ip of [
      '2001:db8:1:2:3:4:5:6',
      '2001:0DB8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:db8:1:2::',
      '2001:db8:1:2::9',
      '2001:db8:1:2::9%eth0',
    ])
      assert.equal(ipRateKey(ip), key, ip);
    assert.notEqual(ipRateKey('2001:db8:1:3::1'), key);
    assert.equal(ipRateKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(ipRateKey('::1'), '0:0:0:0::/64');
    assert.equal(ipRateKey('fe80::1:2:3:4'), 'fe80:0:0:0::/64');
    // An embedded IPv4 tail takes two groups.
    assert.equal(ipRateKey('64:ff9b:1::192.0.2.1'), '64:ff9b:1:0::/64');
    assert.equal(ipRateKey('1:2:3:4:5:6:192.0.2.1'), '1:2:3:4::/64');
    // A long tail after `::` decides how few zeros it stands for.
    assert.equal(ipRateKey('1::2:3:4:5:6'), '1:0:0:2::/64');
    assert.equal(ipRateKey('1::2:3:4:192.0.2.1'), '1:0:0:2::/64');
  });

  it('passes anything else through, so it still counts as one key', () => {
    assert.equal(ipRateKey('not-an-ip'), 'not-an-ip');
    assert.equal(ipRateKey('::ffff:192.0.2.7x'), '::ffff:192.0.2.7x');
    assert.equal(ipRateKey('x::ffff:192.0.2.7'), 'x::ffff:192.0.2.7');
  });
});
