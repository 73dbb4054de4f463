import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import { Clock } from '#identity-core';
import { ACTIVATION_OPTIONS, type ResolvedActivationOptions } from '../activation.options.js';

/**
 * Fixed-window counters for how much of something may happen (codes sent to one address,
 * applications for one national ID), as opposed to BruteForceGuard, which counts failures and
 * locks. Nothing here ever locks for good: the window simply ends.
 */
@Injectable()
export class VolumeLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {}

  /** Counts one event; `allowed: false` once more than `max` happened in the current window. */
  async take(
    bucket: string,
    subject: string,
    max: number,
    windowSeconds: number,
  ): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    const now = this.clock.now().getTime();
    const windowMs = windowSeconds * 1000;
    const window = Math.floor(now / windowMs);
    // Hashed: subjects are addresses, numbers and national ID indexes.
    const digest = createHash('sha256').update(`${bucket}\0${subject}`).digest('base64url').slice(0, 22);
    const key = `${this.options.redisPrefix}:activation:vol:${bucket}:${digest}:${window}`;
    const res = await this.redis
      .multi()
      .incr(key)
      .expire(key, windowSeconds * 2)
      .exec();
    const count = Number(res?.[0]?.[1] ?? 0);
    if (count <= max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil(((window + 1) * windowMs - now) / 1000) };
  }
}
