import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, AuditService, Clock } from '#identity-core';
import { OtpSecrets } from '../../credentials/otp-secrets.js';
import { SecondFactorsRepository } from '../../credentials/second-factors.repository.js';
import { SecurityNotices } from '../../credentials/security-notices.js';
import { TotpCodeWrong, TotpEnrolmentMissing } from '../../domain/errors.js';
import { matchTotp } from '../../domain/totp.js';
import { OTP_OPTIONS, type ResolvedOtpOptions } from '../../otp.options.js';
import { holder, type HolderContext } from '../actor.js';
import { RecoveryCodeIssuer } from '../regenerate-recovery-codes/recovery-code.issuer.js';

/**
 * The app's first code proves it holds the new secret: it becomes the account's authenticator
 * app (its step counts as used), a fresh set of ten recovery codes replaces any old one and is
 * returned to be shown once, and the holder is told on every verified channel.
 */
@Injectable()
export class ConfirmTotpEnrolmentUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly factors: SecondFactorsRepository,
    private readonly secrets: OtpSecrets,
    private readonly recovery: RecoveryCodeIssuer,
    private readonly notices: SecurityNotices,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
    @Inject(OTP_OPTIONS) private readonly options: ResolvedOtpOptions,
  ) {}

  async execute(ctx: HolderContext, code: string): Promise<{ recoveryCodes: string[] }> {
    const account = await holder(this.accounts, ctx.sub);
    const now = this.clock.now();
    const row = await this.factors.findTotp(account.id);
    const fresh =
      row?.pendingSecretCipher &&
      row.pendingSince &&
      now.getTime() - row.pendingSince.getTime() < this.options.enrolmentTtlSeconds * 1000;
    if (!fresh) throw new TotpEnrolmentMissing();
    const step = matchTotp(this.secrets.openTotp(row.pendingSecretCipher!), code, now);
    const audit = {
      actor: `account:${account.sub}`,
      target: `account:${account.sub}`,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    };
    if (step === null) {
      await this.audit.record({
        ...audit,
        action: 'mfa.totp.enrol',
        result: 'failure',
        details: { reason: 'code_wrong' },
      });
      throw new TotpCodeWrong();
    }
    const replaced = Boolean(row.secretCipher);
    const recoveryCodes = await this.db.transaction(async (m) => {
      if (!(await this.factors.confirmPending(account.id, step, now, m))) throw new TotpEnrolmentMissing();
      const codes = await this.recovery.replace(account.id, now, m);
      await this.audit.record(
        { ...audit, action: 'mfa.totp.enrol', result: 'success', details: { replaced } },
        m,
      );
      await this.notices.factorChanged(account, 'added', 'totp', ctx.locale, m);
      return codes;
    });
    return { recoveryCodes };
  }
}
