import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  canLogin,
  Clock,
  Conflict,
  parseNationalId,
  PiiService,
  ProvisionAccountUseCase,
  SyncAffiliationsUseCase,
  type AccountEntity,
  type AffiliationTerm,
  type AuthContext,
} from '#identity-core';
import type { CountyProfile } from '../domain/claims-mapping.js';
import type { CountyProviderEntity } from '../entities/county-provider.entity.js';
import { CountyLinkRepository } from '../links/county-link.repository.js';

export type LinkedBy = 'password' | 'national_id' | 'activation_code' | 'provisioned';

/** What a validated county login leads to, in the order. */
export type CountyResolution =
  | { kind: 'account'; account: AccountEntity }
  /** Nobody is linked and the county cannot vouch: the holder proves their account once. */
  | { kind: 'link' }
  /** A trusted national ID belongs to an account nobody activated yet. */
  | { kind: 'not_activated' }
  | { kind: 'refused'; reason: 'account_disabled' };

/**
 * Finds the account of a county identity: (1) an existing link; (2) when the county is trusted for
 * national IDs, the account with that ID (blind index), linked now; (3) else the caller asks the
 * holder to prove their account (password, or an activation code for a pending one); (4) when the
 * county may provision and vouches for a national ID no account has, a new account. Never by email.
 * Every link made, and every login, refreshes the affiliations in that county's schools.
 */
@Injectable()
export class CountyAccountLinker {
  constructor(
    private readonly dataSource: DataSource,
    private readonly links: CountyLinkRepository,
    private readonly accounts: AccountRepository,
    private readonly provisioner: ProvisionAccountUseCase,
    private readonly sync: SyncAffiliationsUseCase,
    private readonly audit: AuditService,
    private readonly pii: PiiService,
    private readonly clock: Clock,
  ) {}

  async resolve(
    county: CountyProviderEntity,
    subject: string,
    profile: CountyProfile,
    ctx: AuthContext,
  ): Promise<CountyResolution> {
    const link = await this.links.findBySubject(county.id, subject);
    if (link) {
      const account = await this.accounts.findById(link.accountId);
      if (!account) return { kind: 'link' };
      if (!canLogin(account.status)) return { kind: 'refused', reason: 'account_disabled' };
      await this.links.touch(link.id, this.clock.now());
      await this.syncAffiliations(account, county, profile.terms, ctx);
      return { kind: 'account', account };
    }
    const nid = county.trustNationalId && profile.nationalId ? parseNationalId(profile.nationalId) : null;
    if (nid?.ok) {
      const account = await this.accounts.findByNationalId(nid.value);
      if (account) {
        if (account.status === 'pending') return { kind: 'not_activated' };
        if (!canLogin(account.status)) return { kind: 'refused', reason: 'account_disabled' };
        const linked = await this.link(account, county, subject, 'national_id', ctx);
        if (!linked) return { kind: 'link' };
        await this.syncAffiliations(account, county, profile.terms, ctx);
        return { kind: 'account', account };
      }
      if (county.provision) {
        const created = await this.provision(county, subject, nid.value, profile, ctx);
        if (created) return { kind: 'account', account: created };
      }
    }
    return { kind: 'link' };
  }

  /**
   * Links after the holder proved the account (password, activation). False when the account
   * already has another identity of this county (one per county) or the identity was linked
   * meanwhile; a trusted national ID that is not the account's is refused too (another person).
   */
  async linkProven(
    account: AccountEntity,
    county: CountyProviderEntity,
    subject: string,
    nationalIdIndex: string | null,
    terms: AffiliationTerm[],
    linkedBy: LinkedBy,
    ctx: AuthContext,
  ): Promise<'linked' | 'already_linked' | 'other_person'> {
    if (nationalIdIndex && account.nationalIdIndex && account.nationalIdIndex !== nationalIdIndex) {
      await this.record('county.link', account.sub, 'failure', ctx, {
        county: county.id,
        reason: 'national_id_differs',
      });
      return 'other_person';
    }
    if (!(await this.link(account, county, subject, linkedBy, ctx))) return 'already_linked';
    await this.syncAffiliations(account, county, terms, ctx);
    return 'linked';
  }

  /** The blind index of a trusted national ID, to keep with a pending link step (never the ID). */
  nationalIdIndex(county: CountyProviderEntity, profile: CountyProfile): string | null {
    if (!county.trustNationalId || !profile.nationalId) return null;
    const nid = parseNationalId(profile.nationalId);
    return nid.ok ? this.pii.nationalIdIndex(nid.value) : null;
  }

  private async link(
    account: AccountEntity,
    county: CountyProviderEntity,
    subject: string,
    linkedBy: LinkedBy,
    ctx: AuthContext,
  ): Promise<boolean> {
    try {
      await this.dataSource.transaction(async (m) => {
        if (await this.links.findOfAccount(account.id, county.id, m)) throw new Conflict('county link');
        await this.links.insert(
          { accountId: account.id, providerId: county.id, subject, linkedBy },
          this.clock.now(),
          m,
        );
        await this.audit.record(
          {
            actor: `account:${account.sub}`,
            action: 'county.link',
            target: `account:${account.sub}`,
            result: 'success',
            ip: ctx.ip,
            userAgent: ctx.userAgent,
            details: { county: county.id, linkedBy },
          },
          m,
        );
      });
      return true;
    } catch (e) {
      if (!(e instanceof Conflict) && (e as { code?: string }).code !== 'ER_DUP_ENTRY') throw e;
      await this.record('county.link', account.sub, 'failure', ctx, {
        county: county.id,
        reason: 'already_linked',
      });
      return false;
    }
  }

  private async provision(
    county: CountyProviderEntity,
    subject: string,
    nationalId: string,
    profile: CountyProfile,
    ctx: AuthContext,
  ): Promise<AccountEntity | null> {
    if (!profile.displayName) return null;
    try {
      const account = await this.dataSource.transaction(async (m) => {
        const created = await this.provisioner.execute(
          {
            displayName: profile.displayName!,
            nationalId,
            actor: `system:county:${county.id}`,
            source: `county:${county.id}`,
            ip: ctx.ip,
            userAgent: ctx.userAgent,
          },
          m,
        );
        await this.links.insert(
          { accountId: created.id, providerId: county.id, subject, linkedBy: 'provisioned' },
          this.clock.now(),
          m,
        );
        await this.audit.record(
          {
            actor: `system:county:${county.id}`,
            action: 'county.link',
            target: `account:${created.sub}`,
            result: 'success',
            ip: ctx.ip,
            userAgent: ctx.userAgent,
            details: { county: county.id, linkedBy: 'provisioned' },
          },
          m,
        );
        return created;
      });
      await this.syncAffiliations(account, county, profile.terms, ctx);
      return account;
    } catch (e) {
      // Two first logins of one person at once: the other one made the account.
      if (e instanceof Conflict || (e as { code?: string }).code === 'ER_DUP_ENTRY') return null;
      throw e;
    }
  }

  private async syncAffiliations(
    account: AccountEntity,
    county: CountyProviderEntity,
    terms: AffiliationTerm[],
    ctx: AuthContext,
  ) {
    if (!terms.length) return;
    await this.sync.execute({
      accountId: account.id,
      accountSub: account.sub,
      county: county.name,
      terms,
      actor: `account:${account.sub}`,
      source: `county:${county.id}`,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  }

  private record(
    action: string,
    sub: string,
    result: 'success' | 'failure',
    ctx: AuthContext,
    details: Record<string, unknown>,
  ) {
    return this.audit.record({
      actor: `account:${sub}`,
      action,
      target: `account:${sub}`,
      result,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details,
    });
  }
}
