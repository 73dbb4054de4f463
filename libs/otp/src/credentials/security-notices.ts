import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccountEntity } from '#identity-core';
import { NotificationOutbox, type NotificationLocale, type TemplateName } from '#notifications';
import { OTP_OPTIONS, type ResolvedOtpOptions } from '../otp.options.js';

export type FactorName = 'totp' | 'sms' | 'recovery' | 'all';

const FACTOR_LABEL: Record<FactorName, Record<NotificationLocale, string>> = {
  totp: { 'zh-TW': '驗證器 App', en: 'authenticator app' },
  sms: { 'zh-TW': '簡訊驗證碼', en: 'SMS codes' },
  recovery: { 'zh-TW': '備用復原碼', en: 'recovery codes' },
  all: { 'zh-TW': '所有第二階段驗證方式', en: 'every second factor' },
};

/**
 * Mail and SMS to the holder's verified channels when something about how they sign in changed
 * (the seed's fraud warning: "if this was not you…", with a link to My account to sign out
 * everywhere). Written to the outbox in the caller's transaction: no change without its notice.
 */
@Injectable()
export class SecurityNotices {
  constructor(
    private readonly outbox: NotificationOutbox,
    @Inject(OTP_OPTIONS) private readonly options: ResolvedOtpOptions,
  ) {}

  factorChanged(
    account: AccountEntity,
    change: 'added' | 'removed',
    factor: FactorName,
    locale: NotificationLocale,
    manager?: EntityManager,
  ): Promise<void> {
    const template = change === 'added' ? 'security.method-added' : 'security.method-removed';
    return this.send(account, template, locale, { method: FACTOR_LABEL[factor][locale] }, manager);
  }

  /** To both verified channels (a changed email's notice goes to the old address: see the caller). */
  async send(
    account: AccountEntity,
    template: TemplateName,
    locale: NotificationLocale,
    data: Record<string, string>,
    manager?: EntityManager,
    to: { email?: string | null; phone?: string | null } = {
      email: account.emailVerified ? account.email : null,
      phone: account.phoneVerified ? account.phone : null,
    },
  ): Promise<void> {
    const full = { name: account.displayName, link: this.options.accountUrl, ...data };
    const id = randomUUID();
    if (to.email)
      await this.outbox.enqueue(
        {
          channel: 'email',
          to: to.email,
          template,
          locale,
          data: full,
          idempotencyKey: `${template}:${id}:m`,
        },
        manager,
      );
    if (to.phone)
      await this.outbox.enqueue(
        { channel: 'sms', to: to.phone, template, locale, data: full, idempotencyKey: `${template}:${id}:s` },
        manager,
      );
  }
}
