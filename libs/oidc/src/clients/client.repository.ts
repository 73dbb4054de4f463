import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PiiService } from '#identity-core';
import { isInfrastructureFailure } from '#platform';
import { permittedScopes } from '../claims/release-policy.js';
import { ClientChanges } from './client-changes.js';
import { OidcClientEntity } from './oidc-client.entity.js';

/**
 * How long a process reuses a client's registration. oidc-provider asks for it on every request.
 * A change (new secret, disabled client) is announced to every process at once (ClientChanges);
 * this is the bound when the announcement is lost.
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
  /** Bumped by every change heard of: a load begun before a change is not cached after it. */
  private generation = 0;
  private listening = false;

  constructor(
    @InjectRepository(OidcClientEntity) private readonly repo: Repository<OidcClientEntity>,
    private readonly pii: PiiService,
    @Optional() private readonly changes?: ClientChanges,
  ) {}

  find(clientId: string): Promise<OidcClientEntity | null> {
    return /^[\w.-]{1,64}$/.test(clientId)
      ? this.repo.findOne({ where: { clientId } })
      : Promise.resolve(null);
  }

  list(): Promise<OidcClientEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  /** Stores the change, then tells every idp process to drop its copy of the registration. */
  async save(client: OidcClientEntity): Promise<OidcClientEntity> {
    const saved = await this.repo.save(client);
    this.forget(client.clientId);
    await this.changes?.publish(client.clientId);
    return saved;
  }

  private forget(clientId: string | null): void {
    this.generation++;
    if (clientId === null) this.metadataCache.clear();
    else this.metadataCache.delete(clientId);
  }

  /** The registration oidc-provider sees, cached briefly (unknown ids too, so they cannot flood MySQL). */
  async providerMetadata(clientId: string): Promise<Record<string, unknown> | undefined> {
    if (!this.listening) {
      // Only the engine asks for this: the processes that cache registrations hear of changes.
      this.listening = true;
      this.changes?.listen((id) => this.forget(id));
    }
    const now = Date.now();
    const hit = this.metadataCache.get(clientId);
    if (hit && hit.expires > now) return hit.value;
    const generation = this.generation;
    let value: Record<string, unknown> | undefined;
    try {
      value = await this.loadMetadata(clientId);
    } catch (e) {
      if (hit && hit.expires + STALE_IF_ERROR_MS > now && isInfrastructureFailure(e)) return hit.value;
      throw e;
    }
    if (generation !== this.generation) return value; // changed while loading: the next asks again
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
