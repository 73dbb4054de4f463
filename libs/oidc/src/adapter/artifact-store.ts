import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

/** What oidc-provider stores; it treats the payload as opaque apart from these fields. */
export interface ArtifactPayload {
  grantId?: string;
  uid?: string;
  accountId?: string;
  consumed?: number;
  jti?: string;
  [key: string]: unknown;
}

/** Models whose loss would sign users out of every RP or break offline access: kept in MySQL. */
export const DURABLE_MODELS = new Set(['Grant', 'RefreshToken']);

/**
 * Bearer secrets: their value is their id, so they are stored under its SHA-256 and without the
 * `jti` copy, and a read of Redis or MySQL yields no working token or code.
 */
export const HASHED_MODELS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'ClientCredentials',
  'RefreshToken',
]);

/** Artifacts the engine revokes by grant: indexed per grant so that is one lookup. */
const REVOCABLE_BY_GRANT = new Set(['AccessToken', 'AuthorizationCode']);

/** The storage id of an artifact: base64url(SHA-256(value)) for bearer secrets, else the id. */
export function storageId(model: string, id: string): string {
  return HASHED_MODELS.has(model) ? createHash('sha256').update(id).digest('base64url') : id;
}

/** What consuming found: this call consumed it, someone had already, or it is gone. */
export type Consumption = 'first' | 'replayed' | 'missing';

const GRANT_INDEX_TTL = 30 * 24 * 3600;

// Marks an artifact consumed for the rest of its life, once: the check and the mark are one step,
// so of parallel consumers exactly one gets 1. Returns 1 (first), 2 (already consumed), 0 (gone).
const CONSUME = `local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
if ttl == -1 then redis.call('SET', KEYS[2], ARGV[1]) else redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl) end
return 1`;
const CONSUMPTION: Consumption[] = ['missing', 'first', 'replayed'];

/**
 * Short-lived artifacts (sessions, interactions, codes, access tokens) in Redis: the payload as
 * one JSON string, and a separate `:consumed` marker, so a write is one SET and a read one MGET.
 * Ids given to these methods are storage ids (see `storageId`).
 *
 * Redis Cluster: an artifact and its marker share the hash tag `{<id>}`, so MGET, the CONSUME
 * script and DEL stay in one slot. Its indexes (by grant, uid, account) are keyed on something
 * else and cannot share the slot, so they are written in their own commands, always in the order
 * that keeps revocation whole: an index entry is written before the artifact it points to and
 * removed after it, so every live artifact is in its indexes. A crash in between leaves at most an
 * entry pointing at nothing, which readers skip.
 */
export class RedisArtifacts {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(model: string, id: string) {
    return `${this.prefix}${model}:{${id}}`;
  }
  private grantKey(model: string, grantId: string) {
    return `${this.prefix}grant:${model}:${grantId}`;
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
    const byGrant = payload.grantId && REVOCABLE_BY_GRANT.has(model) ? payload.grantId : undefined;
    // Indexes first (see the class comment); each is one key, so each MULTI is one slot.
    const indexes: Promise<unknown>[] = [];
    if (byGrant) {
      const g = this.grantKey(model, byGrant);
      indexes.push(this.redis.multi().sadd(g, key).expire(g, GRANT_INDEX_TTL).exec());
    }
    if (payload.uid)
      indexes.push(
        expiresIn
          ? this.redis.set(this.uidKey(payload.uid), id, 'EX', expiresIn)
          : this.redis.set(this.uidKey(payload.uid), id),
      );
    // Index sessions by account so "sign out everywhere" can find them.
    if (model === 'Session' && payload.accountId) {
      const a = this.accountSessionsKey(payload.accountId);
      indexes.push(this.redis.multi().sadd(a, id).expire(a, GRANT_INDEX_TTL).exec());
    }
    if (indexes.length) await Promise.all(indexes);
    await (expiresIn ? this.redis.set(key, value, 'EX', expiresIn) : this.redis.set(key, value));
  }

  /** Deletes every SSO session of an account. */
  async destroyAccountSessions(accountId: string) {
    const ids = await this.redis.smembers(this.accountSessionsKey(accountId));
    for (const id of ids) await this.destroy('Session', id);
    await this.redis.del(this.accountSessionsKey(accountId));
  }

  /** The live SSO sessions of an account, with their storage ids (the session cookie's value: never shown). */
  async accountSessions(accountId: string): Promise<{ id: string; payload: ArtifactPayload }[]> {
    const ids = await this.redis.smembers(this.accountSessionsKey(accountId));
    const out: { id: string; payload: ArtifactPayload }[] = [];
    for (const id of ids) {
      const payload = await this.find('Session', id);
      if (payload && payload.accountId === accountId) out.push({ id, payload });
      else await this.redis.srem(this.accountSessionsKey(accountId), id);
    }
    return out;
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

  async consume(model: string, id: string): Promise<Consumption> {
    const key = this.key(model, id);
    const r = await this.redis.eval(CONSUME, 2, key, `${key}:consumed`, Math.floor(Date.now() / 1000));
    return CONSUMPTION[Number(r)]!;
  }

  async destroy(model: string, id: string) {
    const found = await this.find(model, id);
    // The artifact before its uid index (see the class comment).
    await this.redis.del(this.key(model, id), `${this.key(model, id)}:consumed`);
    if (found?.uid) await this.redis.del(this.uidKey(found.uid));
  }

  async revokeByGrantId(model: string, grantId: string) {
    const keys = await this.redis.smembers(this.grantKey(model, grantId));
    // One DEL per artifact (it and its marker share a slot), then the index.
    await Promise.all(keys.map((k) => this.redis.del(k, `${k}:consumed`)));
    await this.redis.del(this.grantKey(model, grantId));
  }

  /** Every artifact of a grant kept here (its codes and access tokens). */
  async revokeGrant(grantId: string) {
    for (const model of REVOCABLE_BY_GRANT) await this.revokeByGrantId(model, grantId);
  }
}

/** Grants and refresh tokens in MySQL (table oidc_artifacts). Ids are storage ids. */
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

  /** Consumes once: of parallel calls, only the first changes the row. */
  async consume(model: string, id: string): Promise<Consumption> {
    const result: { affectedRows?: number } = await this.db.query(
      'UPDATE oidc_artifacts SET consumed_at = NOW(3) WHERE model = ? AND id = ? AND consumed_at IS NULL',
      [model, id],
    );
    if (result.affectedRows === 1) return 'first';
    const rows: unknown[] = await this.db.query('SELECT 1 FROM oidc_artifacts WHERE model = ? AND id = ?', [
      model,
      id,
    ]);
    return rows.length ? 'replayed' : 'missing';
  }

  async destroy(model: string, id: string) {
    await this.db.query('DELETE FROM oidc_artifacts WHERE model = ? AND id = ?', [model, id]);
  }

  async revokeByGrantId(model: string, grantId: string) {
    await this.db.query('DELETE FROM oidc_artifacts WHERE model = ? AND grant_id = ?', [model, grantId]);
  }

  /** A grant and every refresh token of it. */
  async revokeGrant(grantId: string) {
    await this.db.query(
      `DELETE FROM oidc_artifacts WHERE (model = 'RefreshToken' AND grant_id = ?) OR (model = 'Grant' AND id = ?)`,
      [grantId, grantId],
    );
  }
}
