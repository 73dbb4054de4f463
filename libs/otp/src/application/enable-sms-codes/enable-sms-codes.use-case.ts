import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, AuditService, Clock } from '#identity-core';
import { SecondFactorsRepository } from '../../credentials/second-factors.repository.js';
import { SecurityNotices } from '../../credentials/security-notices.js';
import { MobileNotVerified } from '../../domain/errors.js';
import { holder, type HolderContext } from '../actor.js';

/** Turns on SMS sign-in codes to the account's verified mobile (idempotent). */
@Injectable()
export class EnableSmsCodesUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly factors: SecondFactorsRepository,
    private readonly notices: SecurityNotices,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  async execute(ctx: HolderContext): Promise<void> {
    const account = await holder(this.accounts, ctx.sub);
    if (!account.phone || !account.phoneVerified) throw new MobileNotVerified();
    await this.db.transaction(async (m) => {
      if (!(await this.factors.enableSms(account.id, this.clock.now(), m))) return;
      await this.audit.record(
        {
          actor: `account:${account.sub}`,
          action: 'mfa.sms.enrol',
          target: `account:${account.sub}`,
          result: 'success',
          ip: ctx.ip,
          userAgent: ctx.userAgent,
        },
        m,
      );
      await this.notices.factorChanged(account, 'added', 'sms', ctx.locale, m);
    });
  }
}
