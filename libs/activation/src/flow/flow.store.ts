import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LINK_TOKEN_PATTERN, PiiService, newLinkToken } from '#identity-core';
import { REDIS } from '#platform';
import { ACTIVATION_OPTIONS, type ResolvedActivationOptions } from '../activation.options.js';
import type { Flow, FlowData } from './flow.types.js';

/** Saves only while the flow still exists, so a late request cannot resurrect an expired one. */
const SAVE_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
`;

/**
 * Server-side state of a multi-step form without JavaScript. The browser holds only a random
 * 256-bit token (HttpOnly cookie); Redis holds, under a hash of it, the state encrypted with the
 * PII keys (it carries national IDs, contacts and password hashes) plus per-channel counters of
 * wrong codes, which are incremented atomically so parallel guesses cannot exceed the limit.
 * Idle flows expire; every save restarts the clock.
 */
@Injectable()
export class FlowStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly pii: PiiService,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {}

  async create<T extends FlowData>(data: T): Promise<{ token: string; flow: Flow<T> }> {
    const token = newLinkToken();
    const id = this.idOf(token);
    await this.redis
      .multi()
      .hset(this.key(id), 'data', this.pii.encrypt(JSON.stringify(data)))
      .expire(this.key(id), this.options.flowTtlSeconds)
      .exec();
    return { token, flow: { id, data } };
  }

  /** The flow of this kind behind the token, or null (unknown, expired, malformed, other kind). */
  async load<K extends FlowData['kind']>(
    kind: K,
    token: string | undefined,
  ): Promise<Flow<Extract<FlowData, { kind: K }>> | null> {
    if (!token || !LINK_TOKEN_PATTERN.test(token)) return null;
    const id = this.idOf(token);
    const sealed = await this.redis.hget(this.key(id), 'data');
    if (!sealed) return null;
    let data: FlowData;
    try {
      data = JSON.parse(this.pii.decrypt(sealed)) as FlowData;
    } catch {
      return null;
    }
    return data.kind === kind ? { id, data: data as Extract<FlowData, { kind: K }> } : null;
  }

  /** False when the flow expired meanwhile. */
  async save(flow: Flow): Promise<boolean> {
    const saved = await this.redis.eval(
      SAVE_IF_EXISTS,
      1,
      this.key(flow.id),
      this.pii.encrypt(JSON.stringify(flow.data)),
      this.options.flowTtlSeconds,
    );
    return Number(saved) === 1;
  }

  async delete(flowId: string): Promise<void> {
    await this.redis.del(this.key(flowId));
  }

  private idOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  private key(id: string): string {
    return `${this.options.redisPrefix}:activation:flow:${id}`;
  }
}
