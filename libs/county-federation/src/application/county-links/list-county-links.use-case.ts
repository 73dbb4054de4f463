import { Injectable } from '@nestjs/common';
import { countyLabel } from '../../domain/counties.js';
import { CountyLinkRepository } from '../../links/county-link.repository.js';
import { CountyProviderRepository } from '../../providers/county-provider.repository.js';
import { AccountRepository, type LocalizedText } from '#identity-core';

export interface CountyLinkView {
  id: string;
  county: string;
  countyName: LocalizedText;
  /** How it was linked: password, national_id, activation_code, provisioned. */
  linkedBy: string;
  linkedAt: Date;
  lastLoginAt: Date | null;
}

/** The county identities linked to an account (My account, `accounts:show`); never the county's subject id. */
@Injectable()
export class ListCountyLinksUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly links: CountyLinkRepository,
    private readonly providers: CountyProviderRepository,
  ) {}

  /** By the account's `sub`; an unknown account has none. */
  async execute(accountSub: string): Promise<CountyLinkView[]> {
    const account = await this.accounts.findBySub(accountSub);
    if (!account) return [];
    const links = await this.links.forAccount(account.id);
    const names = new Map((await this.providers.list()).map((c) => [c.id, c.name]));
    return links.map((l) => ({
      id: l.id,
      county: l.providerId,
      countyName: countyLabel(names.get(l.providerId) ?? l.providerId),
      linkedBy: l.linkedBy,
      linkedAt: l.createdAt,
      lastLoginAt: l.lastLoginAt,
    }));
  }
}
