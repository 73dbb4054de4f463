import { Injectable } from '@nestjs/common';
import { ListCountyLinksUseCase, type CountyLinkView } from '#county-federation';
import { AccountScope, type StaffMember } from '#helpdesk';
import {
  AccountRepository,
  AuditService,
  maskNationalId,
  PiiService,
  type AccountEntity,
  type AffiliationEntity,
  type AuditEventEntity,
} from '#identity-core';
import { AccountSessions, type AccountSessionView } from '#oidc';
import { DescribeSecondFactorsUseCase, type SecondFactorsView } from '#otp';

export interface AccountDetail {
  account: AccountEntity;
  nationalIdMasked: string | null;
  affiliations: (AffiliationEntity & { schoolName: string | null; county: string | null })[];
  countyLinks: CountyLinkView[];
  factors: SecondFactorsView;
  sessions: AccountSessionView[];
  timeline: AuditEventEntity[];
}

/** Everything the account page shows, loaded through the staff member's scope (OutOfScope otherwise). */
@Injectable()
export class AccountDetailService {
  constructor(
    private readonly scope: AccountScope,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
    private readonly countyLinks: ListCountyLinksUseCase,
    private readonly factors: DescribeSecondFactorsUseCase,
    private readonly sessions: AccountSessions,
    private readonly audit: AuditService,
  ) {}

  async load(staff: StaffMember, sub: unknown): Promise<AccountDetail> {
    const account = await this.scope.account(staff, sub, 'view');
    const [full, countyLinks, factors, sessions, timeline] = await Promise.all([
      this.accounts.findWithAffiliations(account.sub),
      this.countyLinks.execute(account.sub),
      this.factors.describe(account),
      this.sessions.list(account.sub),
      this.audit.forTarget(`account:${account.sub}`, 50),
    ]);
    return {
      account,
      nationalIdMasked: account.nationalIdCipher
        ? maskNationalId(this.pii.decrypt(account.nationalIdCipher))
        : null,
      affiliations: (full?.affiliations ?? [])
        .map((a) =>
          Object.assign(a, { schoolName: a.school?.name ?? null, county: a.school?.county ?? null }),
        )
        .sort((a, b) => Number(b.year) - Number(a.year) || Number(b.semester) - Number(a.semester)),
      countyLinks,
      factors,
      sessions,
      timeline,
    };
  }
}
