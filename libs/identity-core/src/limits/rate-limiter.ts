import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import { DomainError, TooManyAttempts } from '../domain/errors.js';
import { Clock } from '../time/clock.js';

/** At most `max` events per `windowSeconds`. */
export interface RateWindow {
  max: number;
  windowSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const SPACE = /^[A-Za-z0-9_.-]{1,64}(?::[A-Za-z0-9_.-]{1,64}){1,4}$/;

/**
 * The one limiter for how much of something may happen (codes sent to an address, applications
 * per national ID, reset look-ups per IP), as opposed to AttemptGate, which counts wrong secrets.
 * A fixed window on the Clock's time, so every process agrees on the window and tests can move
 * it; Redis expiry only cleans up. Every event counts, whatever its outcome. Keys hold a hash
 * of the subject: subjects are addresses, numbers and national ID indexes. Why not
 * rate-limiter-flexible: docs/decisions.md.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one event of `subject` in `space` (`<namespace>:<feature>:<bucket>`); not allowed once
   * the window holds more than `limit.max`, with the seconds until the window ends.
   */
  async hit(space: string, subject: string, limit: RateWindow): Promise<RateDecision> {
    if (!SPACE.test(space)) throw new DomainError('rate_space_invalid', 'invalid rate limit space');
    const now = this.clock.now().getTime();
    const windowMs = limit.windowSeconds * 1000;
    const window = Math.floor(now / windowMs);
    const digest = createHash('sha256').update(subject, 'utf8').digest('base64url').slice(0, 22);
    const key = `${space}:${digest}:${window}`;
    const res = await this.redis
      .multi()
      .incr(key)
      .pexpire(key, windowMs * 2)
      .exec();
    const count = Number(res?.[0]?.[1] ?? 0);
    if (count <= limit.max) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)),
    };
  }

  /** `hit`, refusing with TooManyAttempts (of requests) once the window is full. */
  async take(space: string, subject: string, limit: RateWindow): Promise<void> {
    const decision = await this.hit(space, subject, limit);
    if (!decision.allowed) throw new TooManyAttempts(decision.retryAfterSeconds);
  }
}
