import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

/** What oidc-provider stores; it treats the payload as opaque apart from these fields. */
export interface ArtifactPayload {
  grantId?: string;
  uid?: string;
  accountId?: string;
  consumed?: number;
  [key: string]: unknown;
}

/** Models whose loss would sign users out of every RP or break offline access: kept in MySQL. */
export const DURABLE_MODELS = new Set(['Grant', 'RefreshToken']);

const GRANT_INDEX_TTL = 30 * 24 * 3600;

// Marks an artifact consumed for the rest of its life, only while it still exists.
const CONSUME = `local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return 0 end
if ttl == -1 then redis.call('SET', KEYS[2], ARGV[1]) else redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl) end
return 1`;

/**
 * Short-lived artifacts (sessions, interactions, codes, access tokens) in Redis: the payload as
 * one JSON string, and a separate `:consumed` marker, so a write is one SET and a read one MGET.
 */
export class RedisArtifacts {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(model: string, id: string) {
    return `${this.prefix}${model}:${id}`;
  }
  private grantKey(grantId: string) {
    return `${this.prefix}grant:${grantId}`;
  }
  private uidKey(uid: string) {
    return `${this.prefix}sessionUid:${uid}`;
  }
  private accountSessionsKey(accountId: string) {
    return `${this.prefix}accountSessions:${accountId}`;
  }

  async upsert(model: string, id: string, payload: ArtifactPayload, expiresIn: number | undefined) {
    const key = this.key(model, id);
    const value = JSON.stringify(payload);
    const indexed = payload.grantId || payload.uid || (model === 'Session' && payload.accountId);
    if (!indexed) {
      // The hot path (access tokens, interactions): a single command.
      await (expiresIn ? this.redis.set(key, value, 'EX', expiresIn) : this.redis.set(key, value));
      return;
    }
    const m = this.redis.multi();
    if (expiresIn) m.set(key, value, 'EX', expiresIn);
    else m.set(key, value);
    if (payload.grantId)
      m.sadd(this.grantKey(payload.grantId), key).expire(this.grantKey(payload.grantId), GRANT_INDEX_TTL);
    if (payload.uid) {
      if (expiresIn) m.set(this.uidKey(payload.uid), id, 'EX', expiresIn);
      else m.set(this.uidKey(payload.uid), id);
    }
    // Index sessions by account so "sign out everywhere" can find them.
    if (model === 'Session' && payload.accountId)
      m.sadd(this.accountSessionsKey(payload.accountId), id).expire(
        this.accountSessionsKey(payload.accountId),
        GRANT_INDEX_TTL,
      );
    await m.exec();
  }

  /** Deletes every SSO session of an account. */
  async destroyAccountSessions(accountId: string) {
    const ids = await this.redis.smembers(this.accountSessionsKey(accountId));
    for (const id of ids) await this.destroy('Session', id);
    await this.redis.del(this.accountSessionsKey(accountId));
  }

  async find(model: string, id: string): Promise<ArtifactPayload | undefined> {
    const key = this.key(model, id);
    const [value, consumed] = await this.redis.mget(key, `${key}:consumed`);
    if (!value) return undefined;
    const payload = JSON.parse(value) as ArtifactPayload;
    return consumed ? { ...payload, consumed: Number(consumed) } : payload;
  }

  async findByUid(model: string, uid: string) {
    const id = await this.redis.get(this.uidKey(uid));
    return id ? this.find(model, id) : undefined;
  }

  async consume(model: string, id: string) {
    const key = this.key(model, id);
    await this.redis.eval(CONSUME, 2, key, `${key}:consumed`, Math.floor(Date.now() / 1000));
  }

  async destroy(model: string, id: string) {
    const found = await this.find(model, id);
    const m = this.redis.multi().del(this.key(model, id), `${this.key(model, id)}:consumed`);
    if (found?.uid) m.del(this.uidKey(found.uid));
    await m.exec();
  }

  async revokeByGrantId(grantId: string) {
    const keys = await this.redis.smembers(this.grantKey(grantId));
    await this.redis.del(...keys, ...keys.map((k) => `${k}:consumed`), this.grantKey(grantId));
  }
}

/** Grants and refresh tokens in MySQL (table oidc_artifacts). */
export class MysqlArtifacts {
  constructor(private readonly db: DataSource) {}

  async upsert(model: string, id: string, payload: ArtifactPayload, expiresIn: number | undefined) {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    await this.db.query(
      `INSERT INTO oidc_artifacts (model, id, payload, grant_id, account_id, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE payload = VALUES(payload), grant_id = VALUES(grant_id),
         account_id = VALUES(account_id), expires_at = VALUES(expires_at), consumed_at = NULL`,
      [model, id, JSON.stringify(payload), payload.grantId ?? null, payload.accountId ?? null, expiresAt],
    );
  }

  async find(model: string, id: string): Promise<ArtifactPayload | undefined> {
    const rows: { payload: string | object; consumed_at: Date | null }[] = await this.db.query(
      `SELECT payload, consumed_at FROM oidc_artifacts
       WHERE model = ? AND id = ? AND (expires_at IS NULL OR expires_at > NOW(3))`,
      [model, id],
    );
    if (!rows.length) return undefined;
    const raw = rows[0].payload;
    const payload = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ArtifactPayload;
    return rows[0].consumed_at
      ? { ...payload, consumed: Math.floor(rows[0].consumed_at.getTime() / 1000) }
      : payload;
  }

  async consume(model: string, id: string) {
    await this.db.query('UPDATE oidc_artifacts SET consumed_at = NOW(3) WHERE model = ? AND id = ?', [
      model,
      id,
    ]);
  }

  async destroy(model: string, id: string) {
    await this.db.query('DELETE FROM oidc_artifacts WHERE model = ? AND id = ?', [model, id]);
  }

  async revokeByGrantId(model: string, grantId: string) {
    await this.db.query('DELETE FROM oidc_artifacts WHERE model = ? AND grant_id = ?', [model, grantId]);
  }
}
