import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AccountStateService,
  AttemptGate,
  AuditService,
  accountSubject,
  Clock,
  PasswordHasher,
  PasswordPolicy,
  PiiService,
  SessionTerminator,
  type AccountEntity,
  type AuthContext,
} from '#identity-core';
import { NotificationOutbox } from '#notifications';
import { ResetChallengeRepository } from '../../challenges/reset-challenge.repository.js';
import { ResetTicketReader } from '../../challenges/reset-ticket.reader.js';
import type { ResetChannelKind } from '../../domain/channel-mask.js';
import { ResetLinkUnusable, ResetSecondFactorRequired } from '../../domain/reset-errors.js';
import { ResetSecondFactor } from '../../second-factor/reset-second-factor.js';
import { channelAddress, verifiedChannels } from '../../subjects/reset-subject.resolver.js';

/**
 * Last step: the new password. In one transaction: the ticket is used up (exactly once), the
 * account's other open challenges end, the password and `password_changed_at` change, a `locked`
 * account becomes active again, the password-changed notice is queued and every session, grant
 * and refresh token of the account is ended (if that fails, nothing is changed and the ticket
 * still works). Then every attempt counter of the account (every factor) is cleared.
 *
 * Locked accounts: the permanent lock protects the old password from guessing. Whoever proves a
 * verified channel here meets the bar the helpdesk would apply before clearing it, and the guessed
 * password is gone afterwards, so the reset unlocks (Keycloak's "password reset while locked").
 * Disabled accounts are never offered a reset.
 */
@Injectable()
export class CompleteResetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tickets: ResetTicketReader,
    private readonly challenges: ResetChallengeRepository,
    private readonly accounts: AccountRepository,
    private readonly state: AccountStateService,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly pii: PiiService,
    private readonly secondFactor: ResetSecondFactor,
    private readonly sessions: SessionTerminator,
    private readonly gate: AttemptGate,
    private readonly outbox: NotificationOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { ticket: unknown; password: string; ctx: AuthContext }): Promise<{ username: string }> {
    const { challenge, account } = await this.tickets.open(cmd.ticket);
    if ((await this.secondFactor.required(account)) && !challenge.secondFactorAt)
      throw new ResetSecondFactorRequired();
    this.policy.assert(cmd.password, {
      username: account.username ?? undefined,
      name: account.displayName,
      email: account.email ?? undefined,
      nationalId: account.nationalIdCipher ? this.pii.decrypt(account.nationalIdCipher) : undefined,
      birthDate: account.birthDate ?? undefined,
    });
    const passwordHash = await this.hasher.hash(cmd.password);
    const now = this.clock.now();
    const username = account.username!;

    await this.dataSource.transaction(async (m) => {
      if (!(await this.challenges.consume(challenge.id, now, m))) throw new ResetLinkUnusable('used');
      await this.challenges.supersedeOpen(account.id, now, m);
      // Re-read under a row lock: status may have changed since the ticket was opened.
      const current = await this.accounts.findForUpdate({ id: account.id }, m);
      if (!current || (current.status !== 'active' && current.status !== 'locked'))
        throw new ResetLinkUnusable('invalid');
      const unlocked = current.status === 'locked';
      await this.accounts.setPassword(current.id, passwordHash, now, m);
      const actor = `account:${current.sub}`;
      if (unlocked)
        await this.state.change(
          { account: { id: current.id }, event: 'unlock', actor, reason: 'password_reset' },
          m,
        );
      for (const kind of noticeChannels(current, challenge.channel)) {
        await this.outbox.enqueue(
          {
            channel: kind,
            to: channelAddress(current, kind)!,
            template: 'password.changed',
            locale: challenge.locale === 'en' ? 'en' : 'zh-TW',
            data: { name: current.displayName, username, changedAt: now.toISOString() },
            idempotencyKey: `password-changed:${challenge.id}:${kind}`,
          },
          m,
        );
      }
      await this.audit.record(
        {
          actor,
          action: 'password_reset.complete',
          target: actor,
          result: 'success',
          ip: cmd.ctx.ip,
          userAgent: cmd.ctx.userAgent,
          details: { channel: challenge.channel, challenge: challenge.id, unlocked },
        },
        m,
      );
      // Last, so that a failure here rolls the change back instead of leaving sessions alive.
      await this.sessions.terminateAll(current.sub);
    });

    await this.gate.clear(accountSubject(account.id));
    return { username };
  }
}

/**
 * The notice goes to the verified channels other than the one the reset came through (whoever
 * took that one over should not be the only one told). With no other channel, to that one.
 */
export function noticeChannels(account: AccountEntity, used: ResetChannelKind): ResetChannelKind[] {
  const all = verifiedChannels(account).map((c) => c.kind);
  const others = all.filter((k) => k !== used);
  return others.length ? others : all.filter((k) => k === used);
}
