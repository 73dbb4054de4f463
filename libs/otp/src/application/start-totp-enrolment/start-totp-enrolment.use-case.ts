import { Inject, Injectable } from '@nestjs/common';
import { AccountRepository, AuditService, Clock } from '#identity-core';
import { OtpSecrets } from '../../credentials/otp-secrets.js';
import { SecondFactorsRepository } from '../../credentials/second-factors.repository.js';
import { newTotpSecret, totpUri } from '../../domain/totp.js';
import { OTP_OPTIONS, type ResolvedOtpOptions } from '../../otp.options.js';
import { holder, type HolderContext } from '../actor.js';

/** What the enrolment page shows: the key as text, the `otpauth://` URI (and so the QR code). */
export interface TotpEnrolment {
  secret: string;
  uri: string;
  expiresAt: Date;
}

/**
 * Begins adding (or replacing) an authenticator app: a new secret, kept encrypted until the app's
 * first code confirms it. The app in use, if any, keeps working until then.
 */
@Injectable()
export class StartTotpEnrolmentUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly factors: SecondFactorsRepository,
    private readonly secrets: OtpSecrets,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(OTP_OPTIONS) private readonly options: ResolvedOtpOptions,
  ) {}

  async execute(ctx: HolderContext): Promise<TotpEnrolment> {
    const account = await holder(this.accounts, ctx.sub);
    const secret = newTotpSecret();
    const now = this.clock.now();
    await this.factors.savePending(account.id, this.secrets.sealTotp(secret), now);
    await this.audit.record({
      actor: `account:${account.sub}`,
      action: 'mfa.totp.enrolment_started',
      target: `account:${account.sub}`,
      result: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return this.view(account.username ?? account.sub, secret, now);
  }

  /** The enrolment waiting for its code (to draw the page again), or null when none or expired. */
  async pending(sub: string): Promise<TotpEnrolment | null> {
    const account = await holder(this.accounts, sub);
    const row = await this.factors.findTotp(account.id);
    if (!row?.pendingSecretCipher || !row.pendingSince) return null;
    const view = this.view(
      account.username ?? account.sub,
      this.secrets.openTotp(row.pendingSecretCipher),
      row.pendingSince,
    );
    return view.expiresAt > this.clock.now() ? view : null;
  }

  private view(name: string, secret: string, since: Date): TotpEnrolment {
    return {
      secret,
      uri: totpUri(secret, { issuer: this.options.issuerLabel, account: name }),
      expiresAt: new Date(since.getTime() + this.options.enrolmentTtlSeconds * 1000),
    };
  }
}
