import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PiiService } from '#identity-core';
import { isInfrastructureFailure } from '#platform';
import { permittedScopes } from '../claims/release-policy.js';
import { OidcClientEntity } from './oidc-client.entity.js';

/**
 * How long a process reuses a client's registration. oidc-provider asks for it on every request;
 * a change (new secret, disabled client) reaches every process within this time.
 */
const METADATA_TTL_MS = 30_000;
/**
 * While MySQL is not answering, a registration this process saw in the last ten minutes is used
 * past its expiry (stale-if-error): the login page and the lockout-free 503 the outage deserves
 * come from the sign-in methods, not from a client that vanished with the database.
 */
const STALE_IF_ERROR_MS = 10 * 60_000;
const METADATA_CACHE_MAX = 5_000;

@Injectable()
export class ClientRepository {
  private readonly metadataCache = new Map<
    string,
    { value: Record<string, unknown> | undefined; expires: number }
  >();

  constructor(
    @InjectRepository(OidcClientEntity) private readonly repo: Repository<OidcClientEntity>,
    private readonly pii: PiiService,
  ) {}

  find(clientId: string): Promise<OidcClientEntity | null> {
    return /^[\w.-]{1,64}$/.test(clientId)
      ? this.repo.findOne({ where: { clientId } })
      : Promise.resolve(null);
  }

  list(): Promise<OidcClientEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  async save(client: OidcClientEntity): Promise<OidcClientEntity> {
    this.metadataCache.delete(client.clientId);
    return this.repo.save(client);
  }

  /** The registration oidc-provider sees, cached briefly (unknown ids too, so they cannot flood MySQL). */
  async providerMetadata(clientId: string): Promise<Record<string, unknown> | undefined> {
    const now = Date.now();
    const hit = this.metadataCache.get(clientId);
    if (hit && hit.expires > now) return hit.value;
    let value: Record<string, unknown> | undefined;
    try {
      value = await this.loadMetadata(clientId);
    } catch (e) {
      if (hit && hit.expires + STALE_IF_ERROR_MS > now && isInfrastructureFailure(e)) return hit.value;
      throw e;
    }
    if (this.metadataCache.size >= METADATA_CACHE_MAX) this.metadataCache.clear();
    this.metadataCache.set(clientId, { value, expires: now + METADATA_TTL_MS });
    return value;
  }

  /** `scope` is what the release policy permits (personid only once approved): the engine enforces it. */
  private async loadMetadata(clientId: string): Promise<Record<string, unknown> | undefined> {
    const c = await this.find(clientId);
    if (!c || !c.enabled) return undefined;
    return {
      ...c.metadata,
      scope: permittedScopes(c.metadata.scope, c.personidApproved),
      client_id: c.clientId,
      client_name: c.name,
      first_party: c.firstParty,
      ...(c.secretCipher ? { client_secret: this.pii.decrypt(c.secretCipher) } : {}),
    };
  }
}
