import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { isInfrastructureFailure } from '#platform';
import type { ClientRepository } from '../clients/client.repository.js';
import {
  DURABLE_MODELS,
  HASHED_MODELS,
  storageId,
  type ArtifactPayload,
  type MysqlArtifacts,
  type RedisArtifacts,
} from './artifact-store.js';

export interface AdapterStores {
  redis: RedisArtifacts;
  mysql: MysqlArtifacts;
  clients: ClientRepository;
}

/** Used once: a second use, sequential or parallel, is a replay that revokes the grant. */
const SINGLE_USE: Record<string, string> = {
  AuthorizationCode: 'authorization code',
  RefreshToken: 'refresh token',
};

/**
 * MySQL or Redis not answering (a failover, a restart): the engine answers 503
 * `temporarily_unavailable` — try again in a moment — instead of its generic 500 `server_error`.
 * Nothing was stored or consumed: the client (or the browser) can simply repeat the request.
 */
export class StorageUnavailable extends errors.CustomOIDCProviderError {
  constructor(cause: unknown) {
    super('temporarily_unavailable', 'The service is temporarily unavailable; try again in a moment.', {
      cause,
    });
    Object.assign(this, { status: 503, statusCode: 503, expose: true, allow_redirect: false });
  }
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw isInfrastructureFailure(e) && !(e instanceof StorageUnavailable) ? new StorageUnavailable(e) : e;
  }
}

/** Ends a grant and every token of it, in both stores (what the engine's replay rule does). */
export async function revokeGrant(stores: AdapterStores, grantId: string): Promise<void> {
  await Promise.all([stores.redis.revokeGrant(grantId), stores.mysql.revokeGrant(grantId)]);
}

/**
 * oidc-provider's storage: one class, routed by model name. Clients come from oidc_clients
 * (registered by administrators only); grants and refresh tokens from MySQL; the rest from Redis.
 * Tokens and codes are stored under a hash of their value (see HASHED_MODELS).
 */
export function hybridAdapter(stores: AdapterStores): new (model: string) => Adapter {
  return class HybridAdapter implements Adapter {
    private readonly durable: boolean;
    private readonly hashed: boolean;

    constructor(private readonly model: string) {
      this.durable = DURABLE_MODELS.has(model);
      this.hashed = HASHED_MODELS.has(model);
    }

    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      return guarded(() => this.store(id, payload, expiresIn));
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return guarded(() => this.load(id));
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return guarded(
        async () => (await stores.redis.findByUid(this.model, uid)) as AdapterPayload | undefined,
      );
    }

    async findByUserCode(): Promise<AdapterPayload | undefined> {
      return undefined; // device flow is not enabled
    }

    consume(id: string): Promise<void> {
      return guarded(() => this.use(id));
    }

    destroy(id: string): Promise<void> {
      const key = storageId(this.model, id);
      return guarded(() =>
        this.durable ? stores.mysql.destroy(this.model, key) : stores.redis.destroy(this.model, key),
      );
    }

    revokeByGrantId(grantId: string): Promise<void> {
      return guarded(() =>
        this.durable
          ? stores.mysql.revokeByGrantId(this.model, grantId)
          : stores.redis.revokeByGrantId(this.model, grantId),
      );
    }

    private async store(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === 'Client') throw new Error('clients are registered with the CLI or the admin portal');
      let stored = payload as ArtifactPayload;
      if (this.hashed && stored.jti === id) {
        // The value itself is the secret: keep neither it nor its copy in the payload.
        const { jti: _, ...rest } = stored;
        stored = rest;
      }
      const key = storageId(this.model, id);
      if (this.durable) await stores.mysql.upsert(this.model, key, stored, expiresIn);
      else await stores.redis.upsert(this.model, key, stored, expiresIn);
    }

    private async load(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client')
        return (await stores.clients.providerMetadata(id)) as AdapterPayload | undefined;
      const key = storageId(this.model, id);
      const found = this.durable
        ? await stores.mysql.find(this.model, key)
        : await stores.redis.find(this.model, key);
      if (!found) return undefined;
      return (this.hashed && found.jti === undefined ? { ...found, jti: id } : found) as AdapterPayload;
    }

    private async use(id: string): Promise<void> {
      const key = storageId(this.model, id);
      const result = this.durable
        ? await stores.mysql.consume(this.model, key)
        : await stores.redis.consume(this.model, key);
      const label = SINGLE_USE[this.model];
      if (result === 'first' || !label) return;
      // Another request consumed it between our read and now: the same replay as a sequential one
      // (RFC 6749 4.1.2, RFC 9700 4.14.2), so what the first one got is revoked as well.
      const payload = result === 'replayed' ? await this.find(id) : undefined;
      if (payload?.grantId) await revokeGrant(stores, String(payload.grantId));
      throw new errors.InvalidGrant(`${label} already used`);
    }
  };
}
