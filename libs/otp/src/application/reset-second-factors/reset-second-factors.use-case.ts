import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, AuditService, NotFound, ValidationFailed } from '#identity-core';
import { SecondFactorsRepository } from '../../credentials/second-factors.repository.js';
import { SecurityNotices } from '../../credentials/security-notices.js';

/**
 * The helpdesk's way out for a holder who lost every second factor (`accounts:mfa-reset`): removes
 * the authenticator app, SMS codes and recovery codes, with the reason on record, and tells the
 * holder on every verified channel.
 */
@Injectable()
export class ResetSecondFactorsUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly factors: SecondFactorsRepository,
    private readonly notices: SecurityNotices,
    private readonly audit: AuditService,
    private readonly db: DataSource,
  ) {}

  async execute(cmd: { login: string; reason: string; actor: string }): Promise<{ removed: string[] }> {
    const reason = cmd.reason.trim();
    if (!reason || reason.length > 500) throw new ValidationFailed([{ field: 'reason', code: 'required' }]);
    const account = await this.accounts.findByLogin(cmd.login);
    if (!account) throw new NotFound('account');
    return this.db.transaction(async (m) => {
      const removed: string[] = [];
      if (await this.factors.removeTotp(account.id, m)) removed.push('totp');
      if (await this.factors.disableSms(account.id, m)) removed.push('sms');
      if ((await this.factors.removeRecoveryCodes(account.id, m)) > 0) removed.push('recovery');
      await this.audit.record(
        {
          actor: cmd.actor,
          action: 'mfa.reset',
          target: `account:${account.sub}`,
          result: 'success',
          details: { reason, removed },
        },
        m,
      );
      if (removed.length) await this.notices.factorChanged(account, 'removed', 'all', 'zh-TW', m);
      return { removed };
    });
  }
}
