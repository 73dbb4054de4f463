import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, AuditService, VerificationCodes } from '#identity-core';
import { NotificationOutbox } from '#notifications';
import { ACCOUNTS_OPTIONS, type AccountsOptions } from '../../accounts.options.js';
import { ContactCodeRejected } from '../../domain/errors.js';
import type { ContactChannel } from '../../domain/contact-value.js';
import { activeHolder, type HolderRequest } from '../holder-context.js';
import { CONTACT_CHANGE_POLICY, CONTACT_CHANGE_PURPOSE } from './contact-change.policy.js';

const CHANNEL_NAME = {
  email: { 'zh-TW': '電子郵件', en: 'email address' },
  phone: { 'zh-TW': '手機號碼', en: 'mobile number' },
} as const;

/**
 * The code from the new address proves it: the account's email or mobile becomes it (verified),
 * and the old address, if there was a verified one, is told, in the same transaction.
 */
@Injectable()
export class ConfirmContactChangeUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly codes: VerificationCodes,
    private readonly outbox: NotificationOutbox,
    private readonly audit: AuditService,
    private readonly db: DataSource,
    @Inject(ACCOUNTS_OPTIONS) private readonly options: AccountsOptions,
  ) {}

  async execute(req: HolderRequest, channel: ContactChannel, value: string, code: string): Promise<void> {
    const account = await activeHolder(this.accounts, req.sub);
    const r = await this.codes.check(
      CONTACT_CHANGE_PURPOSE,
      `${account.id}:${channel}`,
      code,
      CONTACT_CHANGE_POLICY,
      value,
    );
    const actor = `account:${account.sub}`;
    if (r.result !== 'accepted') {
      await this.audit.record({
        actor,
        action: 'account.contact_change',
        target: actor,
        result: 'failure',
        ip: req.ip,
        userAgent: req.userAgent,
        details: { channel, problem: r.result },
      });
      throw new ContactCodeRejected(r.result === 'format' ? 'wrong' : r.result);
    }
    const old =
      channel === 'email'
        ? account.email && account.emailVerified
          ? account.email
          : null
        : account.phone && account.phoneVerified
          ? account.phone
          : null;
    await this.db.transaction(async (m) => {
      await this.accounts.setContact(account.id, channel, value, m);
      await this.audit.record(
        {
          actor,
          action: 'account.contact_change',
          target: actor,
          result: 'success',
          ip: req.ip,
          userAgent: req.userAgent,
          details: { channel },
        },
        m,
      );
      if (old && old !== value)
        await this.outbox.enqueue(
          {
            channel: channel === 'email' ? 'email' : 'sms',
            to: old,
            template: 'contact.changed',
            locale: req.locale,
            data: {
              name: account.displayName,
              channel: CHANNEL_NAME[channel][req.locale],
              link: this.options.accountUrl,
            },
            idempotencyKey: `contact.changed:${randomUUID()}`,
          },
          m,
        );
    });
  }
}
