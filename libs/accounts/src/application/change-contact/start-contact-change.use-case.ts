import { Injectable } from '@nestjs/common';
import { AccountRepository, AuditService, ValidationFailed, VerificationCodes } from '#identity-core';
import { NotificationOutbox } from '#notifications';
import { readContact, type ContactChannel } from '../../domain/contact-value.js';
import { activeHolder, type HolderRequest } from '../holder-context.js';
import { CONTACT_CHANGE_POLICY, CONTACT_CHANGE_PURPOSE } from './contact-change.policy.js';

/**
 * A new email or mobile for the account: a code goes to the new address (bound to it); nothing
 * changes until ConfirmContactChangeUseCase gets that code. Refused with TooManyAttempts within
 * 60 s of the last code.
 */
@Injectable()
export class StartContactChangeUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly codes: VerificationCodes,
    private readonly outbox: NotificationOutbox,
    private readonly audit: AuditService,
  ) {}

  async execute(req: HolderRequest, channel: ContactChannel, input: string): Promise<{ value: string }> {
    const account = await activeHolder(this.accounts, req.sub);
    const value = readContact(channel, input);
    const current = channel === 'email' ? account.email : account.phone;
    if (current === value) throw new ValidationFailed([{ field: channel, code: 'unchanged' }]);
    const issued = await this.codes.issue(
      CONTACT_CHANGE_PURPOSE,
      `${account.id}:${channel}`,
      CONTACT_CHANGE_POLICY,
      value,
    );
    await this.outbox.enqueue({
      channel: channel === 'email' ? 'email' : 'sms',
      to: value,
      template: channel === 'email' ? 'contact.verify-email' : 'contact.verify-phone',
      locale: req.locale,
      data: { code: issued.code, minutes: String(CONTACT_CHANGE_POLICY.ttlSeconds / 60) },
      idempotencyKey: `contact-change:${account.id}:${channel}:${issued.expiresAt.getTime()}`,
    });
    await this.audit.record({
      actor: `account:${account.sub}`,
      action: 'account.contact_change_started',
      target: `account:${account.sub}`,
      result: 'success',
      ip: req.ip,
      userAgent: req.userAgent,
      details: { channel },
    });
    return { value };
  }
}
