import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AuditService } from '#identity-core';
import { REDIS } from '#platform';
import { MysqlArtifacts, RedisArtifacts } from '../adapter/artifact-store.js';
import { OIDC_STORAGE, type OidcStorageOptions } from '../oidc.options.js';

/** One browser's SSO session, as the holder sees it in My account. */
export interface AccountSessionView {
  /** The session's public id (`uid`), never its cookie value. */
  uid: string;
  signedInAt: Date;
  amr: string[];
  /** The RPs this session signed in to. */
  clients: string[];
  /** From the sign-in that started it, when on record. */
  ip: string | null;
  userAgent: string | null;
}

/**
 * The holder's SSO sessions (My account): list them, end one, end all. Ending one deletes it and
 * revokes the grants it gave (its RPs' tokens stop; their next prompt=none fails).
 */
@Injectable()
export class AccountSessions {
  private readonly redis: RedisArtifacts;
  private readonly mysql: MysqlArtifacts;

  constructor(
    @Inject(OIDC_STORAGE) storage: OidcStorageOptions,
    @Inject(REDIS) redis: Redis,
    db: DataSource,
    private readonly audit: AuditService,
  ) {
    this.redis = new RedisArtifacts(redis, storage.redisPrefix);
    this.mysql = new MysqlArtifacts(db);
  }

  async list(sub: string): Promise<AccountSessionView[]> {
    const [sessions, events] = await Promise.all([
      this.redis.accountSessions(sub),
      this.audit.signIns(`account:${sub}`, 100),
    ]);
    // The completed login that started a session is recorded with the engine's login time (ts).
    const byTs = new Map<number, { ip: string | null; userAgent: string | null }>();
    for (const e of events)
      if (e.action === 'login.complete' && typeof e.details?.ts === 'number' && !byTs.has(e.details.ts))
        byTs.set(e.details.ts, { ip: e.ip, userAgent: e.userAgent });
    return sessions
      .map(({ payload }) => {
        const loginTs = Number(payload.loginTs ?? 0);
        const device = byTs.get(loginTs);
        return {
          uid: String(payload.uid ?? ''),
          signedInAt: new Date(loginTs * 1000),
          amr: Array.isArray(payload.amr) ? payload.amr.map(String) : [],
          clients: Object.keys((payload.authorizations as object | undefined) ?? {}),
          ip: device?.ip ?? null,
          userAgent: device?.userAgent ?? null,
        };
      })
      .filter((s) => s.uid)
      .sort((a, b) => b.signedInAt.getTime() - a.signedInAt.getTime());
  }

  /** Ends the session `uid` of `sub` (only the holder's own); false when there is none. */
  async end(sub: string, uid: string): Promise<boolean> {
    for (const { id, payload } of await this.redis.accountSessions(sub)) {
      if (payload.uid !== uid) continue;
      await this.redis.destroy('Session', id);
      const authorizations = (payload.authorizations ?? {}) as Record<string, { grantId?: string }>;
      for (const a of Object.values(authorizations))
        if (a.grantId) {
          await this.redis.revokeGrant(a.grantId);
          await this.mysql.revokeGrant(a.grantId);
        }
      return true;
    }
    return false;
  }
}
