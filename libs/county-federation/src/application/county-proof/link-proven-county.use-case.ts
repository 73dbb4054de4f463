import { Injectable } from '@nestjs/common';
import { AccountRepository, type AffiliationTerm, type AuthContext } from '#identity-core';
import { CountyProviderRepository } from '../../providers/county-provider.repository.js';
import { CountyAccountLinker } from '../../sign-in/county-account.linker.js';
import type { CountyLinkTicket } from './complete-county-proof.use-case.js';

function isTicket(v: unknown): v is CountyLinkTicket {
  const t = v as Partial<CountyLinkTicket> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.county === 'string' &&
    typeof t.subject === 'string' &&
    typeof t.nid === 'string' &&
    Array.isArray(t.terms)
  );
}

/**
 * After an activation the county proved: links the county identity to the now active account (as
 * a trusted login would, by the vouched national ID, whose blind index must be the account's) and
 * takes its affiliations at that county's schools. Not linking (the identity or the account's
 * county slot taken meanwhile, the county disabled) leaves the activation as it is.
 */
@Injectable()
export class LinkProvenCountyUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly providers: CountyProviderRepository,
    private readonly linker: CountyAccountLinker,
  ) {}

  async execute(
    cmd: { accountSub: string; ticket: unknown },
    ctx: AuthContext,
  ): Promise<'linked' | 'already_linked' | 'other_person' | 'skipped'> {
    if (!isTicket(cmd.ticket)) return 'skipped';
    const t = cmd.ticket;
    const [account, county] = await Promise.all([
      this.accounts.findBySub(cmd.accountSub),
      this.providers.find(t.county),
    ]);
    if (!account || !county?.enabled || !county.trustNationalId) return 'skipped';
    return this.linker.linkProven(
      account,
      county,
      t.subject,
      t.nid,
      t.terms as AffiliationTerm[],
      'national_id',
      ctx,
    );
  }
}
