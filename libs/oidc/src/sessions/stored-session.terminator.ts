import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { SessionTerminator } from '#identity-core';
import { REDIS } from '#platform';
import { MysqlArtifacts, RedisArtifacts } from '../adapter/artifact-store.js';
import { OIDC_STORAGE, type OidcStorageOptions } from '../oidc.options.js';

/**
 * Ends every SSO session, grant and token of an account straight in the engine's stores, so any
 * process can do it (the idp, the CLI, the admin portal), not only one running the engine.
 */
@Injectable()
export class StoredSessionTerminator extends SessionTerminator {
  private readonly redis: RedisArtifacts;
  private readonly mysql: MysqlArtifacts;

  constructor(
    @Inject(OIDC_STORAGE) storage: OidcStorageOptions,
    @Inject(REDIS) redis: Redis,
    private readonly db: DataSource,
  ) {
    super();
    this.redis = new RedisArtifacts(redis, storage.redisPrefix);
    this.mysql = new MysqlArtifacts(db);
  }

  async terminateAll(accountId: string): Promise<void> {
    // Sessions first: tokens bound to them stop working at once.
    await this.redis.destroyAccountSessions(accountId);
    const grants: { id: string }[] = await this.db.query(
      `SELECT id FROM oidc_artifacts WHERE model = 'Grant' AND account_id = ?`,
      [accountId],
    );
    for (const { id } of grants) {
      await this.redis.revokeGrant(id);
      await this.mysql.revokeGrant(id);
    }
  }
}
