import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, AuditService, NotFound } from '#identity-core';
import { CountyLinkNotFound } from '../../domain/errors.js';
import { CountyLinkRepository } from '../../links/county-link.repository.js';

export interface UnlinkCountyCommand {
  /** The account's `sub`: a link is removed only from its own account. */
  accountSub: string;
  /** The county's id (`tc`). */
  county: string;
  /** `account:<sub>` (after re-authentication), `admin:<name>`, `cli`. */
  actor: string;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Removes a linked county identity: the next login with it asks to link again. The caller makes
 * sure the holder re-authenticated (My account) or an operator asked; audited.
 */
@Injectable()
export class UnlinkCountyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly links: CountyLinkRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: UnlinkCountyCommand): Promise<void> {
    const account = await this.accounts.findBySub(cmd.accountSub);
    if (!account) throw new NotFound('account');
    await this.dataSource.transaction(async (m) => {
      const link = await this.links.findOfAccount(account.id, cmd.county, m);
      if (!link) throw new CountyLinkNotFound();
      await this.links.remove(link.id, m);
      await this.audit.record(
        {
          actor: cmd.actor,
          action: 'county.unlink',
          target: `account:${account.sub}`,
          result: 'success',
          ip: cmd.ip ?? null,
          userAgent: cmd.userAgent ?? null,
          details: { county: cmd.county, linkedBy: link.linkedBy },
        },
        m,
      );
    });
  }
}
