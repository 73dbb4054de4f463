import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import {
  COUNTY_FEDERATION_OPTIONS,
  type ResolvedCountyFederationOptions,
} from '../county-federation.options.js';

/** Where a county's answer goes: the login (interaction) that sent the browser there. */
export interface CountyReturnRoute {
  login: string;
  county: string;
}

/** As long as a login may take at the county (the relying party's transaction lifetime). */
const TTL_SECONDS = 600;

/**
 * The one callback (`/cncreturnpage`) serves every login at every county: the `state` the county
 * sends back finds the login it belongs to. Kept in Redis under a hash of the state (any idp
 * instance can answer) and taken once: a replayed callback finds nothing. The login itself (the
 * transaction with its PKCE verifier and nonce) stays with the engine's interaction, which only
 * the browser that began it can reach (its cookie), so a callback link sent to someone else
 * finishes nothing.
 */
@Injectable()
export class CountyReturnStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(COUNTY_FEDERATION_OPTIONS) private readonly options: ResolvedCountyFederationOptions,
  ) {}

  async remember(state: string, route: CountyReturnRoute): Promise<void> {
    await this.redis.set(this.key(state), JSON.stringify(route), 'EX', TTL_SECONDS);
  }

  /** The route of this state, once; null for an unknown, expired or already used state. */
  async take(state: string): Promise<CountyReturnRoute | null> {
    if (typeof state !== 'string' || !state || state.length > 512) return null;
    const raw = await this.redis.getdel(this.key(state));
    if (!raw) return null;
    try {
      const r = JSON.parse(raw) as CountyReturnRoute;
      return typeof r.login === 'string' && typeof r.county === 'string' ? r : null;
    } catch {
      return null;
    }
  }

  private key(state: string): string {
    return `${this.options.redisPrefix}:county:return:${createHash('sha256').update(state).digest('hex')}`;
  }
}
