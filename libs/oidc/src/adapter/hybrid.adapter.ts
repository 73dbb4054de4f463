import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { ClientRepository } from '../clients/client.repository.js';
import { DURABLE_MODELS, type MysqlArtifacts, type RedisArtifacts } from './artifact-store.js';

export interface AdapterStores {
  redis: RedisArtifacts;
  mysql: MysqlArtifacts;
  clients: ClientRepository;
}

/**
 * oidc-provider's storage: one class, routed by model name. Clients come from oidc_clients
 * (registered by administrators only); grants and refresh tokens from MySQL; the rest from Redis.
 */
export function hybridAdapter(stores: AdapterStores): new (model: string) => Adapter {
  return class HybridAdapter implements Adapter {
    constructor(private readonly model: string) {}

    private get durable() {
      return DURABLE_MODELS.has(this.model);
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === 'Client') throw new Error('clients are registered with the CLI or the admin portal');
      if (this.durable) await stores.mysql.upsert(this.model, id, payload, expiresIn);
      else await stores.redis.upsert(this.model, id, payload, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client')
        return (await stores.clients.providerMetadata(id)) as AdapterPayload | undefined;
      return (
        this.durable ? stores.mysql.find(this.model, id) : stores.redis.find(this.model, id)
      ) as Promise<AdapterPayload | undefined>;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await stores.redis.findByUid(this.model, uid)) as AdapterPayload | undefined;
    }

    async findByUserCode(): Promise<AdapterPayload | undefined> {
      return undefined; // device flow is not enabled
    }

    async consume(id: string): Promise<void> {
      if (this.durable) await stores.mysql.consume(this.model, id);
      else await stores.redis.consume(this.model, id);
    }

    async destroy(id: string): Promise<void> {
      if (this.durable) await stores.mysql.destroy(this.model, id);
      else await stores.redis.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      if (this.durable) await stores.mysql.revokeByGrantId(this.model, grantId);
      else await stores.redis.revokeByGrantId(grantId);
    }
  };
}
