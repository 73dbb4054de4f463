import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PiiService } from '#identity-core';
import { OidcClientEntity } from './oidc-client.entity.js';

@Injectable()
export class ClientRepository {
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

  save(client: OidcClientEntity): Promise<OidcClientEntity> {
    return this.repo.save(client);
  }

  /** The registration oidc-provider sees; the personid scope is dropped unless approved. */
  async providerMetadata(clientId: string): Promise<Record<string, unknown> | undefined> {
    const c = await this.find(clientId);
    if (!c || !c.enabled) return undefined;
    const scope = String(c.metadata.scope ?? '')
      .split(' ')
      .filter((s) => s && (s !== 'personid' || c.personidApproved))
      .join(' ');
    return {
      ...c.metadata,
      scope,
      client_id: c.clientId,
      client_name: c.name,
      first_party: c.firstParty,
      ...(c.secretCipher ? { client_secret: this.pii.decrypt(c.secretCipher) } : {}),
    };
  }
}
