import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PiiService } from '#identity-core';
import type { ProviderConfig } from '#relying-party';
import { countyRank } from '../domain/counties.js';
import { CountyProviderEntity } from '../entities/county-provider.entity.js';

/** The county providers table; the secret is decrypted only to build a ProviderConfig. */
@Injectable()
export class CountyProviderRepository {
  constructor(
    @InjectRepository(CountyProviderEntity) private readonly repo: Repository<CountyProviderEntity>,
    private readonly pii: PiiService,
  ) {}

  find(id: string): Promise<CountyProviderEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Every county, in the usual north-to-south order. */
  async list(): Promise<CountyProviderEntity[]> {
    return sortCounties(await this.repo.find());
  }

  async listEnabled(): Promise<CountyProviderEntity[]> {
    return sortCounties(await this.repo.find({ where: { enabled: true } }));
  }

  async exists(id: string): Promise<boolean> {
    return this.repo.exists({ where: { id } });
  }

  async insert(row: Omit<CountyProviderEntity, 'createdAt' | 'updatedAt'>): Promise<void> {
    await this.repo.insert(row);
  }

  async update(id: string, changes: Partial<Omit<CountyProviderEntity, 'id' | 'createdAt' | 'updatedAt'>>) {
    await this.repo.update({ id }, changes);
  }

  encryptSecret(secret: string): string {
    return this.pii.encrypt(secret);
  }

  /** What the relying party needs to sign in at this county. */
  toProviderConfig(c: CountyProviderEntity): ProviderConfig {
    const common = {
      id: c.id,
      clientId: c.clientId,
      clientSecret: this.pii.decrypt(c.clientSecretCipher),
      authMethod: c.authMethod,
      scopes: c.scopes.split(' ').filter(Boolean),
    };
    return c.kind === 'oidc'
      ? { ...common, kind: 'oidc', issuer: c.issuer }
      : {
          ...common,
          kind: 'oauth2',
          issuer: c.issuer,
          endpoints: c.endpoints!,
          subjectClaim: c.subjectClaim ?? 'id',
        };
  }
}

function sortCounties(rows: CountyProviderEntity[]): CountyProviderEntity[] {
  return rows
    .map((c, i) => ({ c, i }))
    .sort((a, b) => countyRank(a.c.name) - countyRank(b.c.name) || a.i - b.i)
    .map(({ c }) => c);
}
