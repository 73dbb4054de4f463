import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import {
  COUNTY_FEDERATION_OPTIONS,
  type ResolvedCountyFederationOptions,
} from '../county-federation.options.js';

/** What a county login was begun for: signing in, or proving who one is on /activate or /apply. */
export type CountyProofPurpose = 'activation' | 'apply';

/**
 * Where a county's answer goes: the login (interaction) that sent the browser there, or an identity
 * proof of /activate or /apply (with the hash of the handle its browser holds in a cookie).
 */
export type CountyReturnRoute =
  | { for: 'login'; login: string; county: string }
  | { for: CountyProofPurpose; county: string; proof: string };

/** As long as a login may take at the county (the relying party's transaction lifetime). */
const TTL_SECONDS = 600;

/**
 * The one callback (`/cncreturnpage`) serves every login and every identity proof at every
 * county: the `state` the county sends back finds what it belongs to. Kept in Redis under a hash
 * of the state (any idp instance can answer) and taken once: a replayed callback finds nothing.
 * A login's transaction (PKCE verifier, nonce) stays with the engine's interaction, which only the
 * browser that began it can reach (its cookie); a proof's stays under the hash of a handle only
 * that browser holds (CountyProofStore). Either way a callback link sent to someone else finishes
 * nothing.
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
      const r = JSON.parse(raw) as Record<string, unknown>;
      if (typeof r.county !== 'string') return null;
      // Routes kept before proofs existed have no `for`: they are logins.
      if ((r.for === undefined || r.for === 'login') && typeof r.login === 'string')
        return { for: 'login', login: r.login, county: r.county };
      if ((r.for === 'activation' || r.for === 'apply') && typeof r.proof === 'string')
        return { for: r.for, county: r.county, proof: r.proof };
      return null;
    } catch {
      return null;
    }
  }

  private key(state: string): string {
    return `${this.options.redisPrefix}:county:return:${createHash('sha256').update(state).digest('hex')}`;
  }
}
