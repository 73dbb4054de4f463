import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountRepository, AuditService, type AccountEntity } from '#identity-core';
import { SecondFactorsRepository } from '../../credentials/second-factors.repository.js';
import { SecurityNotices } from '../../credentials/security-notices.js';
import { FactorNotEnrolled } from '../../domain/errors.js';
import { holder, type HolderContext } from '../actor.js';

/**
 * Removes the authenticator app or SMS codes. When no second factor is left, the recovery codes
 * go too: they stand in for a second factor and mean nothing without one.
 */
@Injectable()
export class RemoveSecondFactorUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly factors: SecondFactorsRepository,
    private readonly notices: SecurityNotices,
    private readonly audit: AuditService,
    private readonly db: DataSource,
  ) {}

  async execute(ctx: HolderContext, factor: 'totp' | 'sms'): Promise<void> {
    const account = await holder(this.accounts, ctx.sub);
    await this.db.transaction(async (m) => {
      const removed =
        factor === 'totp'
          ? await this.factors.removeTotp(account.id, m)
          : await this.factors.disableSms(account.id, m);
      if (!removed) throw new FactorNotEnrolled(factor);
      const recoveryRemoved = await this.dropRecoveryIfAlone(account, m);
      await this.audit.record(
        {
          actor: `account:${account.sub}`,
          action: `mfa.${factor}.remove`,
          target: `account:${account.sub}`,
          result: 'success',
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          details: { recoveryCodesRemoved: recoveryRemoved },
        },
        m,
      );
      await this.notices.factorChanged(account, 'removed', factor, ctx.locale, m);
    });
  }

  private async dropRecoveryIfAlone(account: AccountEntity, m: EntityManager): Promise<number> {
    const totp = await this.factors.findTotp(account.id, m);
    if (totp?.secretCipher || (await this.factors.smsEnabled(account.id, m))) return 0;
    return this.factors.removeRecoveryCodes(account.id, m);
  }
}
