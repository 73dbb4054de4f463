import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, AuditService, Clock } from '#identity-core';
import { SecondFactorsRepository } from '../../credentials/second-factors.repository.js';
import { SecurityNotices } from '../../credentials/security-notices.js';
import { FactorNotEnrolled } from '../../domain/errors.js';
import { holder, type HolderContext } from '../actor.js';
import { RecoveryCodeIssuer } from './recovery-code.issuer.js';

/** A new set of ten recovery codes (the old ones stop working); only with a second factor enrolled. */
@Injectable()
export class RegenerateRecoveryCodesUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly factors: SecondFactorsRepository,
    private readonly issuer: RecoveryCodeIssuer,
    private readonly notices: SecurityNotices,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  async execute(ctx: HolderContext): Promise<{ recoveryCodes: string[] }> {
    const account = await holder(this.accounts, ctx.sub);
    const totp = await this.factors.findTotp(account.id);
    if (!totp?.secretCipher && !(await this.factors.smsEnabled(account.id)))
      throw new FactorNotEnrolled('mfa');
    const now = this.clock.now();
    const recoveryCodes = await this.db.transaction(async (m) => {
      const codes = await this.issuer.replace(account.id, now, m);
      await this.audit.record(
        {
          actor: `account:${account.sub}`,
          action: 'mfa.recovery.regenerate',
          target: `account:${account.sub}`,
          result: 'success',
          ip: ctx.ip,
          userAgent: ctx.userAgent,
        },
        m,
      );
      await this.notices.factorChanged(account, 'added', 'recovery', ctx.locale, m);
      return codes;
    });
    return { recoveryCodes };
  }
}
