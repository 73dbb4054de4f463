import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import { OIDC_STORAGE, type OidcStorageOptions } from '../oidc.options.js';

/**
 * Word that a client's registration changed (a secret rotated, a client disabled, its redirect URIs
 * edited), from whichever process changed it (the portal, the CLI) to every idp process, over Redis
 * pub/sub: each drops its cached copy at once instead of serving it until it expires. Best effort:
 * a process that misses the word (Redis away) still has the cache's expiry, and forgets everything
 * it cached each time its subscription (re)connects.
 */
@Injectable()
export class ClientChanges implements OnApplicationShutdown {
  private readonly channel: string;
  private subscriber: Redis | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(OIDC_STORAGE) storage: OidcStorageOptions,
  ) {
    this.channel = `${storage.redisPrefix}:oidc:clients:changed`;
  }

  /** Tells every process listening that `clientId` changed; never fails the change itself. */
  async publish(clientId: string): Promise<void> {
    await this.redis.publish(this.channel, clientId).catch(() => undefined);
  }

  /**
   * Calls `changed(clientId)` for each change published by any process, and `changed(null)` each
   * time the subscription is (re)established (changes in between may have been missed). Once per
   * process; its own connection (a subscribed connection can do nothing else).
   */
  listen(changed: (clientId: string | null) => void): void {
    if (this.subscriber) return;
    const sub = this.redis.duplicate({ enableAutoPipelining: false, lazyConnect: false });
    sub.on('error', () => undefined); // the shared client reports Redis trouble; ioredis reconnects
    sub.on('ready', () => changed(null));
    sub.on('message', (channel: string, clientId: string) => {
      if (channel === this.channel) changed(clientId);
    });
    // ioredis subscribes again by itself after a reconnect.
    void sub.subscribe(this.channel).catch(() => undefined);
    this.subscriber = sub;
  }

  async onApplicationShutdown(): Promise<void> {
    const sub = this.subscriber;
    this.subscriber = null;
    await sub?.quit().catch(() => sub.disconnect());
  }
}
