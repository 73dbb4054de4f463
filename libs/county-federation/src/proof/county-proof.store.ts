import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import {
  COUNTY_FEDERATION_OPTIONS,
  type ResolvedCountyFederationOptions,
} from '../county-federation.options.js';
import type { CountyProofPurpose } from '../sign-in/county-return.store.js';

/** An identity proof at a county in progress: what `completeLogin` needs to check the answer. */
export interface PendingCountyProof {
  purpose: CountyProofPurpose;
  county: string;
  transaction: unknown;
}

/** As long as a sign-in at the county may take (the relying party's transaction lifetime). */
const TTL_SECONDS = 600;

/**
 * A proof on /activate or /apply has no engine interaction to keep its transaction in, and no
 * interaction cookie to tie the answer to the browser. So the browser gets a random handle (the
 * caller puts it in an HttpOnly, SameSite cookie) and Redis keeps the transaction under the
 * handle's hash, once: only the browser holding the handle can finish the proof, and only once.
 */
@Injectable()
export class CountyProofStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(COUNTY_FEDERATION_OPTIONS) private readonly options: ResolvedCountyFederationOptions,
  ) {}

  /** Keeps the proof; returns the handle for the browser and its hash for the return route. */
  async create(proof: PendingCountyProof): Promise<{ handle: string; handleHash: string }> {
    const handle = randomBytes(32).toString('base64url');
    const handleHash = CountyProofStore.hash(handle);
    await this.redis.set(this.key(handleHash), JSON.stringify(proof), 'EX', TTL_SECONDS);
    return { handle, handleHash };
  }

  /** The proof behind `handle`, once, if `handle` is the one the route expects; else null. */
  async take(handle: string | undefined, expectedHash: string): Promise<PendingCountyProof | null> {
    if (!handle || handle.length > 128) return null;
    const hash = CountyProofStore.hash(handle);
    const a = Buffer.from(hash);
    const b = Buffer.from(expectedHash);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    const raw = await this.redis.getdel(this.key(hash));
    if (!raw) return null;
    try {
      const p = JSON.parse(raw) as PendingCountyProof;
      return typeof p.county === 'string' && (p.purpose === 'activation' || p.purpose === 'apply') ? p : null;
    } catch {
      return null;
    }
  }

  static hash(handle: string): string {
    return createHash('sha256').update(handle).digest('hex');
  }

  private key(hash: string): string {
    return `${this.options.redisPrefix}:county:proof:${hash}`;
  }
}
