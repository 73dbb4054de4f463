import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AuditService,
  Clock,
  RateLimiter,
  ValidationFailed,
  ipBucket,
  type AuthContext,
} from '#identity-core';
import { NotificationOutbox, type NotificationLocale } from '#notifications';
import { ResetChallengeRepository } from '../../challenges/reset-challenge.repository.js';
import type { ResetChannelKind, ResetChannelOption } from '../../domain/channel-mask.js';
import { ResetFlowExpired } from '../../domain/reset-errors.js';
import type { ResetIdentifier } from '../../domain/reset-identifier.js';
import {
  PASSWORD_RESET_OPTIONS,
  rateSpace,
  type ResolvedPasswordResetOptions,
} from '../../password-reset.options.js';
import { ResetSecrets } from '../../secrets/reset-secrets.js';
import { channelAddress, ResetSubjectResolver } from '../../subjects/reset-subject.resolver.js';

export interface SendResetCommand {
  /** The sealed state from FindResetChannelsUseCase. */
  flow: unknown;
  channel: unknown;
  locale: NotificationLocale;
  ctx: AuthContext;
}

export type SentReset =
  | { channel: ResetChannelOption & { kind: 'email' }; expiresMinutes: number }
  /** `ticket` identifies this code's challenge for the code entry form (it is not a reset ticket). */
  | { channel: ResetChannelOption & { kind: 'sms' }; ticket: string; expiresMinutes: number };

const DAY_MS = 24 * 3600_000;

/**
 * Step 2: send a link (email, 30 minutes) or a code (SMS, 10 minutes, 5 tries) to the chosen
 * channel. A challenge row is written whether or not an account stands behind the identifier;
 * only a real account gets a notification (in the same transaction, through the outbox). A new
 * challenge ends the account's earlier ones: only the newest link or code works.
 */
@Injectable()
export class SendResetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subjects: ResetSubjectResolver,
    private readonly challenges: ResetChallengeRepository,
    private readonly secrets: ResetSecrets,
    private readonly limiter: RateLimiter,
    private readonly outbox: NotificationOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(PASSWORD_RESET_OPTIONS) private readonly options: ResolvedPasswordResetOptions,
  ) {}

  async execute(cmd: SendResetCommand): Promise<SentReset> {
    const identifier = this.readFlow(cmd.flow);
    const subject = await this.subjects.resolve(identifier);
    const chosen = subject.channels.find((c) => c.kind === cmd.channel);
    if (!chosen) throw new ValidationFailed([{ field: 'channel', code: 'required' }]);

    if (cmd.ctx.ip) {
      await this.limiter.take(
        rateSpace(this.options, 'ip'),
        ipBucket(cmd.ctx.ip),
        this.options.requestsPerIp,
      );
    }
    await this.limiter.take(rateSpace(this.options, 'send'), subject.subject, this.options.sendsPerSubject);

    const now = this.clock.now();
    await this.challenges.purgeExpired(new Date(now.getTime() - DAY_MS));
    const kind: ResetChannelKind = chosen.kind;
    const token = this.secrets.newToken();
    const tokenHash = this.secrets.hashToken(token);
    const code = kind === 'sms' ? this.secrets.newCode() : null;
    const minutes = kind === 'sms' ? this.options.codeTtlMinutes : this.options.linkTtlMinutes;
    const account = subject.account;

    await this.dataSource.transaction(async (m) => {
      if (account) await this.challenges.supersedeOpen(account.id, now, m);
      const id = await this.challenges.insert(
        {
          tokenHash,
          accountId: account?.id ?? null,
          subject: subject.subject,
          channel: kind,
          codeHmac: code ? this.secrets.hashCode(tokenHash, code) : null,
          attempts: 0,
          locale: cmd.locale,
          expiresAt: new Date(now.getTime() + minutes * 60_000),
          verifiedAt: null,
          secondFactorAt: null,
          usedAt: null,
          createdAt: now,
        },
        m,
      );
      const to = account ? channelAddress(account, kind) : null;
      if (account && to) {
        await this.outbox.enqueue(
          kind === 'email'
            ? {
                channel: 'email',
                to,
                template: 'password-reset.link',
                locale: cmd.locale,
                data: {
                  link: this.link(token, cmd.locale),
                  minutes: String(minutes),
                  username: account.username!,
                },
                idempotencyKey: `password-reset:${id}`,
              }
            : {
                channel: 'sms',
                to,
                template: 'password-reset.code',
                locale: cmd.locale,
                data: { code: code!, minutes: String(minutes) },
                idempotencyKey: `password-reset:${id}`,
              },
          m,
        );
      }
      await this.audit.record(
        {
          actor: 'anonymous',
          action: 'password_reset.send',
          target: subject.auditTarget,
          result: account ? 'success' : 'failure',
          ip: cmd.ctx.ip,
          userAgent: cmd.ctx.userAgent,
          details: { channel: kind, challenge: id, ...(account ? {} : { reason: 'no_resettable_account' }) },
        },
        m,
      );
    });

    // The email token travels only in the mail; the browser gets nothing it could use.
    if (chosen.kind === 'email')
      return { channel: { kind: 'email', masked: chosen.masked }, expiresMinutes: minutes };
    return { channel: { kind: 'sms', masked: chosen.masked }, ticket: token, expiresMinutes: minutes };
  }

  private readFlow(flow: unknown): ResetIdentifier {
    const p = this.secrets.unseal(flow, this.clock.now());
    if (p && (p.k === 'username' || p.k === 'nationalId') && typeof p.v === 'string')
      return { kind: p.k, value: p.v };
    throw new ResetFlowExpired();
  }

  private link(token: string, locale: NotificationLocale): string {
    const url = new URL(this.options.resetLinkUrl);
    url.searchParams.set('token', token);
    if (locale !== 'zh-TW') url.searchParams.set('ui_locales', locale);
    return url.toString();
  }
}
