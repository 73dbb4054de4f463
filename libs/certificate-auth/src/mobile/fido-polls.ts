import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import {
  CERTIFICATE_AUTH_OPTIONS,
  type ResolvedCertificateAuthOptions,
} from '../certificate-auth.options.js';

/** TW FidO asks to be polled no faster than every 4 s. */
export const POLL_SECONDS = 4;

/**
 * One poll of a transaction per 4 s across every instance and browser tab: a Redis key set with
 * NX for just under 4 s. A poll that does not get it just redraws the waiting page.
 */
@Injectable()
export class FidoPolls {
  constructor(
    @Inject(CERTIFICATE_AUTH_OPTIONS) private readonly options: ResolvedCertificateAuthOptions,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async mayPoll(transactionId: string): Promise<boolean> {
    const key = `${this.options.namespace}:cert:fido-poll:${transactionId}`;
    return (await this.redis.set(key, '1', 'PX', POLL_SECONDS * 1000 - 200, 'NX')) === 'OK';
  }
}
