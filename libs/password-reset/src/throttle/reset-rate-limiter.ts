import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Clock } from '#identity-core';
import { REDIS } from '#platform';
import {
  PASSWORD_RESET_OPTIONS,
  type PasswordResetOptions,
  type RateWindow,
} from '../password-reset.options.js';

export type RateBucket = 'ip' | 'send' | 'remind';

/**
 * Fixed-window counters in Redis for issuing codes, links and reminders (not for guessing codes:
 * that is BruteForceGuard's job). Every request counts, whatever its outcome, and unknown
 * identifiers are counted exactly like accounts, so a limit being reached says nothing either.
 */
@Injectable()
export class ResetRateLimiter {
  private readonly namespace: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
    @Inject(PASSWORD_RESET_OPTIONS) options: PasswordResetOptions,
  ) {
    this.namespace = options.namespace;
  }

  /** Counts one event; `allowed` is false once the window holds more than `limit.max`. */
  async hit(
    bucket: RateBucket,
    key: string,
    limit: RateWindow,
  ): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    const now = this.clock.now().getTime();
    const windowMs = limit.windowSeconds * 1000;
    const window = Math.floor(now / windowMs);
    const digest = createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 22);
    const redisKey = `${this.namespace}:pwreset:${bucket}:${digest}:${window}`;
    const res = await this.redis
      .multi()
      .incr(redisKey)
      .pexpire(redisKey, windowMs * 2)
      .exec();
    const count = Number(res?.[0]?.[1] ?? 0);
    if (count <= limit.max) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)),
    };
  }
}

/** IPv4 as is (also IPv4-mapped), IPv6 by its /64, which one subscriber usually holds whole. */
export function ipRateKey(ip: string): string {
  const raw = ip.trim().toLowerCase().split('%')[0]!;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(raw);
  if (mapped) return mapped[1]!;
  if (isIP(raw) !== 6) return raw;
  const [head = '', tail] = raw.includes('::') ? raw.split('::') : [raw, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const width = (gs: string[]) => gs.reduce((w, g) => w + (g.includes('.') ? 2 : 1), 0);
  const full = [...h, ...Array<string>(Math.max(0, 8 - width(h) - width(t))).fill('0'), ...t];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
