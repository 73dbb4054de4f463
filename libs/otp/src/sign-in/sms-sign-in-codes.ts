import { Injectable } from '@nestjs/common';
import {
  SIX_DIGITS,
  TooManyAttempts,
  VerificationCodes,
  type AccountEntity,
  type CodePolicy,
} from '#identity-core';
import { NotificationOutbox, type NotificationLocale } from '#notifications';
import { SecondFactorsRepository } from '../credentials/second-factors.repository.js';

/** SMS sign-in codes: 6 digits, 10 minutes, 5 tries per code, a new one no sooner than 60 s. */
export const SMS_SIGN_IN_POLICY: CodePolicy = Object.freeze({
  format: SIX_DIGITS,
  ttlSeconds: 600,
  maxTries: 5,
  resendAfterSeconds: 60,
});
const PURPOSE = 'sms-sign-in';

/**
 * Issues and checks SMS sign-in codes in identity-core's VerificationCodes. A name that is no
 * account, or an account without SMS codes, gets a code issued under its subject too (the same
 * work, the same resend wait), which is sent nowhere and so never arrives.
 */
@Injectable()
export class SmsSignInCodes {
  constructor(
    private readonly codes: VerificationCodes,
    private readonly factors: SecondFactorsRepository,
    private readonly outbox: NotificationOutbox,
  ) {}

  /** Whether this account takes SMS sign-in codes now: turned on, and the mobile still verified. */
  async usable(account: AccountEntity | null): Promise<boolean> {
    if (!account?.phone || !account.phoneVerified) return false;
    return this.factors.smsEnabled(account.id);
  }

  /** Sends a code (if the account takes them); null, or the seconds to wait before a new one. */
  async send(
    subject: string,
    account: AccountEntity | null,
    locale: NotificationLocale,
  ): Promise<number | null> {
    const usable = await this.usable(account);
    let issued;
    try {
      issued = await this.codes.issue(PURPOSE, subject, SMS_SIGN_IN_POLICY, usable ? account!.phone! : '');
    } catch (e) {
      if (e instanceof TooManyAttempts) return e.retryAfterSeconds ?? SMS_SIGN_IN_POLICY.resendAfterSeconds;
      throw e;
    }
    if (usable)
      await this.outbox.enqueue({
        channel: 'sms',
        to: account!.phone!,
        template: 'sign-in.code',
        locale,
        data: { code: issued.code, minutes: String(SMS_SIGN_IN_POLICY.ttlSeconds / 60) },
        idempotencyKey: `sign-in.code:${subject}:${issued.expiresAt.getTime()}`,
      });
    return null;
  }

  /** True once for the right code; bound to the mobile it went to (a changed number voids it). */
  async check(subject: string, account: AccountEntity | null, input: string): Promise<boolean> {
    const usable = await this.usable(account);
    // Checked also when nothing was sent (same work); such a code can never be accepted.
    const r = await this.codes.check(
      PURPOSE,
      subject,
      input,
      SMS_SIGN_IN_POLICY,
      usable ? account!.phone! : '',
    );
    return usable && r.result === 'accepted';
  }
}
