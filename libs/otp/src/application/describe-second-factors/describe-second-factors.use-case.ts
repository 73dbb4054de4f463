import { Injectable } from '@nestjs/common';
import { AccountRepository, NotFound, type AccountEntity } from '#identity-core';
import { SecondFactorsRepository } from '../../credentials/second-factors.repository.js';
import { maskMobile } from '../../domain/phone-mask.js';

/** What an account has enrolled, masked: for My account, the helpdesk CLI and the admin portal. */
export interface SecondFactorsView {
  username: string | null;
  totp: { confirmedAt: Date } | null;
  /** SMS codes turned on; `mobile` is masked, `usable` false when the mobile is no longer verified. */
  sms: { mobile: string | null; usable: boolean } | null;
  recoveryCodesLeft: number;
  /** A verified mobile that could take SMS codes (shown as an offer when `sms` is null). */
  verifiedMobile: string | null;
}

@Injectable()
export class DescribeSecondFactorsUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly factors: SecondFactorsRepository,
  ) {}

  async bySub(sub: string): Promise<SecondFactorsView> {
    const account = await this.accounts.findBySub(sub);
    if (!account) throw new NotFound('account');
    return this.describe(account);
  }

  async byLogin(login: string): Promise<SecondFactorsView> {
    const account = await this.accounts.findByLogin(login);
    if (!account) throw new NotFound('account');
    return this.describe(account);
  }

  async describe(account: AccountEntity): Promise<SecondFactorsView> {
    const [totp, sms, left] = await Promise.all([
      this.factors.findTotp(account.id),
      this.factors.smsEnabled(account.id),
      this.factors.remainingRecoveryCodes(account.id),
    ]);
    const mobile = account.phone && account.phoneVerified ? maskMobile(account.phone) : null;
    return {
      username: account.username,
      totp: totp?.secretCipher && totp.confirmedAt ? { confirmedAt: totp.confirmedAt } : null,
      sms: sms ? { mobile, usable: mobile !== null } : null,
      recoveryCodesLeft: left,
      verifiedMobile: mobile,
    };
  }
}
