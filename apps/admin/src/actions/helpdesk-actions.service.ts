import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IssueActivationCodesUseCase, type IssuedActivationCode } from '#activation';
import { AccountScope, type StaffAction, type StaffMember } from '#helpdesk';
import {
  AccountRepository,
  AuditService,
  ChangeAccountStatusUseCase,
  ClearLockoutUseCase,
  DomainError,
  PiiService,
  SessionTerminator,
  ValidationFailed,
  type AccountEntity,
} from '#identity-core';
import { NotificationOutbox } from '#notifications';
import { ResetSecondFactorsUseCase } from '#otp';
import { FindResetChannelsUseCase, SendResetUseCase } from '#password-reset';
import { config } from '../config/config.js';

/** Who acts and from where: every action's audit event names the staff member. */
export interface StaffRequest {
  staff: StaffMember;
  ip: string | null;
  userAgent: string | null;
}

export type ActionName = Exclude<StaffAction, 'view' | 'reveal-national-id'>;

const REASON_MAX = 500;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,}$/;
const PHONE = /^09\d{8}$/;

/** The account cannot take this action in its state (not locked, no email, not pending …). */
export class ActionNotPossible extends DomainError {
  constructor(action: string) {
    super('action_not_possible', `${action} is not possible for this account`);
  }
}

export const actorOf = (staff: StaffMember) => `admin:${staff.username ?? staff.sub}`;

/**
 * The helpdesk's actions on one account. Each loads the account through the staff member's scope
 * (OutOfScope otherwise), needs a reason, hands off to the use case of the lib that owns the
 * change (identity-core, password-reset, activation, otp), and records one `helpdesk.<action>`
 * event naming the staff member and the reason, so the account's timeline reads in one line
 * what the helpdesk did and why. Staff never see or set a password: only a reset link is sent.
 */
@Injectable()
export class HelpdeskActionsService {
  constructor(
    private readonly scope: AccountScope,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
    private readonly clearLockout: ClearLockoutUseCase,
    private readonly changeStatus: ChangeAccountStatusUseCase,
    private readonly terminator: SessionTerminator,
    private readonly findReset: FindResetChannelsUseCase,
    private readonly sendReset: SendResetUseCase,
    private readonly issueCodes: IssueActivationCodesUseCase,
    private readonly resetFactors: ResetSecondFactorsUseCase,
    private readonly outbox: NotificationOutbox,
  ) {}

  async perform(
    who: StaffRequest,
    sub: unknown,
    action: ActionName,
    form: Record<string, unknown>,
  ): Promise<{ letter?: IssuedActivationCode & { schoolName: string } }> {
    const account = await this.scope.account(who.staff, sub, action);
    const reason = readReason(form.reason);
    const actor = actorOf(who.staff);
    let details: Record<string, unknown> = {};
    let letter: (IssuedActivationCode & { schoolName: string }) | undefined;
    switch (action) {
      case 'unlock':
        if (account.username) await this.clearLockout.execute({ login: account.username, actor });
        else if (account.status === 'locked')
          await this.changeStatus.execute({ sub: account.sub, event: 'unlock', actor, reason });
        else throw new ActionNotPossible(action);
        break;
      case 'disable':
      case 'enable':
        // Disabling ends every session, grant and token of the account (AccountStateService).
        await this.changeStatus.execute({ sub: account.sub, event: action, actor, reason });
        break;
      case 'end-sessions':
        await this.terminator.terminateAll(account.sub);
        break;
      case 'send-reset': {
        if (!account.username || !account.email || account.status !== 'active')
          throw new ActionNotPossible(action);
        const ctx = { ip: who.ip, userAgent: who.userAgent };
        const choices = await this.findReset.execute({ identifier: account.username, ctx });
        if (!choices.channels.some((c) => c.kind === 'email')) throw new ActionNotPossible(action);
        await this.sendReset.execute({ flow: choices.flow, channel: 'email', locale: 'zh-TW', ctx });
        break;
      }
      case 'issue-activation':
        letter = await this.issueActivation(account, actor);
        details = { expiresAt: letter.expiresAt };
        break;
      case 'reset-factors': {
        const checks = ['check1', 'check2', 'check3'].every((k) => form[k] === 'yes');
        if (!checks) throw new ValidationFailed([{ field: 'checklist', code: 'required' }]);
        if (!account.username) throw new ActionNotPossible(action);
        const r = await this.resetFactors.execute({ login: account.username, reason, actor });
        details = { removed: r.removed };
        break;
      }
      case 'edit-contact':
        details = await this.editContact(account, form);
        break;
    }
    await this.audit.record({
      actor,
      action: `helpdesk.${action}`,
      target: `account:${account.sub}`,
      result: 'success',
      ip: who.ip,
      userAgent: who.userAgent,
      details: { reason, role: who.staff.role, ...details },
    });
    return { letter };
  }

  /** The full national ID, for a superadmin only (the caller checked re-authentication); audited. */
  async revealNationalId(
    who: StaffRequest,
    sub: unknown,
    form: Record<string, unknown>,
  ): Promise<string | null> {
    const account = await this.scope.account(who.staff, sub, 'reveal-national-id');
    const reason = readReason(form.reason);
    await this.audit.record({
      actor: actorOf(who.staff),
      action: 'helpdesk.reveal-national-id',
      target: `account:${account.sub}`,
      result: 'success',
      ip: who.ip,
      userAgent: who.userAgent,
      details: { reason, role: who.staff.role },
    });
    return account.nationalIdCipher ? this.pii.decrypt(account.nationalIdCipher) : null;
  }

  private async issueActivation(account: AccountEntity, actor: string) {
    if (account.status !== 'pending' || !account.nationalIdCipher)
      throw new ActionNotPossible('issue-activation');
    const full = await this.accounts.findWithAffiliations(account.sub);
    const latest = [...(full?.affiliations ?? [])].sort(
      (a, b) => Number(b.year) - Number(a.year) || Number(b.semester) - Number(a.semester),
    )[0];
    if (!latest) throw new ActionNotPossible('issue-activation');
    const r = await this.issueCodes.execute({
      schoolId: latest.schoolId,
      nationalId: this.pii.decrypt(account.nationalIdCipher),
      actor,
    });
    const issued = r.issued.find((i) => i.sub === account.sub);
    if (!issued) throw new ActionNotPossible('issue-activation');
    return { ...issued, schoolName: r.schoolName };
  }

  /**
   * Staff-entered contact details are verified only when the staff member ticked the on-screen
   * identity checks (the same three as resetting second factors); otherwise they are stored
   * unverified and the holder proves them with a code. Either way the old verified address or
   * number is told of the change (a helpdesk talked into it by an impostor is then noticed), and
   * the audit event names the channels changed, whether they count as verified and who was told
   * (docs/decisions.md, "Contact details entered by the helpdesk").
   */
  private async editContact(
    account: AccountEntity,
    form: Record<string, unknown>,
  ): Promise<{ changed: string[]; verified: boolean; notified: string[] }> {
    const email = typeof form.email === 'string' ? form.email.trim().toLowerCase() : '';
    const phone = typeof form.phone === 'string' ? form.phone.replace(/[\s-]/g, '') : '';
    const problems: { field: string; code: string }[] = [];
    if (email && (email.length > 254 || !EMAIL.test(email)))
      problems.push({ field: 'email', code: 'format' });
    if (phone && !PHONE.test(phone)) problems.push({ field: 'phone', code: 'format' });
    if (!email && !phone) problems.push({ field: 'email', code: 'required' });
    if (problems.length) throw new ValidationFailed(problems);
    const verified = ['check1', 'check2', 'check3'].every((k) => form[k] === 'yes');
    const changed: ('email' | 'phone')[] = [];
    const notified: string[] = [];
    for (const [channel, value] of [
      ['email', email],
      ['phone', phone],
    ] as const) {
      if (!value || value === account[channel]) continue;
      await this.accounts.setContactEnteredByStaff(account.id, channel, value, verified);
      changed.push(channel);
      const old =
        channel === 'email' ? account.emailVerified && account.email : account.phoneVerified && account.phone;
      if (!old) continue;
      await this.outbox.enqueue({
        channel: channel === 'email' ? 'email' : 'sms',
        to: old,
        template: 'contact.changed',
        locale: 'zh-TW',
        data: {
          name: account.displayName,
          channel: channel === 'email' ? '電子郵件' : '手機號碼',
          link: `${config.issuer}/account`,
        },
        idempotencyKey: `contact.changed:${randomUUID()}`,
      });
      notified.push(channel);
    }
    return { changed, verified, notified };
  }
}

function readReason(value: unknown): string {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (!reason || reason.length > REASON_MAX)
    throw new ValidationFailed([{ field: 'reason', code: 'required' }]);
  return reason;
}
