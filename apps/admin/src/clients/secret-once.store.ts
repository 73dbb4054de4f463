import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { PiiService } from '#identity-core';
import { REDIS } from '#platform';
import { config } from '../config/config.js';

const TTL_SECONDS = 300;

/**
 * A new client secret between the POST that made it and the one page that shows it (POST, then
 * redirect, then GET): sealed with the PII keyring, for the staff member who made it, read once
 * (taken and deleted in one step), gone after five minutes. Reloading the page shows it no more.
 */
@Injectable()
export class SecretOnceStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly pii: PiiService,
  ) {}

  private key(staffSub: string, clientId: string) {
    return `${config.redisPrefix}:admin:secret-once:${staffSub}:${clientId}`;
  }

  async put(staffSub: string, clientId: string, secret: string): Promise<void> {
    await this.redis.set(this.key(staffSub, clientId), this.pii.encrypt(secret), 'EX', TTL_SECONDS);
  }

  async take(staffSub: string, clientId: string): Promise<string | null> {
    const key = this.key(staffSub, clientId);
    const r = await this.redis.multi().get(key).del(key).exec();
    const sealed = r?.[0]?.[1];
    return typeof sealed === 'string' ? this.pii.decrypt(sealed) : null;
  }
}
