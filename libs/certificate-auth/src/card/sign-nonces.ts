import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TemporarilyUnavailable } from '#identity-core';
import { REDIS } from '#platform';
import {
  CERTIFICATE_AUTH_OPTIONS,
  type ResolvedCertificateAuthOptions,
} from '../certificate-auth.options.js';

/** How long a nonce can be signed (5 minutes). */
export const NONCE_TTL_SECONDS = 300;
const NONCE = /^[A-Za-z0-9_-]{32}$/;

/** What a signed nonce turned out to be. */
export type NonceCheck = 'ok' | 'used' | 'other';

// Delete the key only when it is the nonce this login expects, in one step (any instance).
const CONSUME = `if ARGV[1] == ARGV[2] then return redis.call('DEL', KEYS[1]) end
return -1 - redis.call('EXISTS', KEYS[1])`;

/**
 * The one-time server nonces a card signs. Each is issued for one step of one login (its state,
 * kept with the engine's interaction, names it), lives 5 minutes in Redis and is consumed by the
 * first signature that comes back: a replay finds it gone, a signature over another login's
 * nonce is not the one this login expects.
 */
@Injectable()
export class SignNonces {
  constructor(
    @Inject(CERTIFICATE_AUTH_OPTIONS) private readonly options: ResolvedCertificateAuthOptions,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async issue(): Promise<string> {
    const nonce = randomBytes(24).toString('base64url');
    await io(() => this.redis.set(this.key(nonce), '1', 'EX', NONCE_TTL_SECONDS));
    return nonce;
  }

  /** `signed`: what the card signed; `expected`: the nonce this login's step was given. */
  async consume(signed: string, expected: string): Promise<NonceCheck> {
    if (!NONCE.test(signed)) return 'other';
    const r = Number(await io(() => this.redis.eval(CONSUME, 1, this.key(signed), signed, expected)));
    if (r === 1) return 'ok';
    if (r === 0) return 'used'; // this login's nonce, already used or expired
    return r === -2 ? 'other' : 'used'; // another login's live nonce / a used or expired one
  }

  private key(nonce: string) {
    return `${this.options.namespace}:cert:nonce:${nonce}`;
  }
}

async function io<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new TemporarilyUnavailable(e);
  }
}
