import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  Clock,
  RateLimiter,
  ValidationFailed,
  ipBucket,
  parseBirthDate,
  parseNationalId,
  type AuthContext,
} from '#identity-core';
import { NotificationOutbox, type NotificationLocale } from '#notifications';
import {
  PASSWORD_RESET_OPTIONS,
  rateSpace,
  type ResolvedPasswordResetOptions,
} from '../../password-reset.options.js';
import { ResetSecrets } from '../../secrets/reset-secrets.js';
import { channelAddress, isResettable, verifiedChannels } from '../../subjects/reset-subject.resolver.js';

export interface RemindUsernameCommand {
  nationalId: string;
  birthDate: string;
  locale: NotificationLocale;
  ctx: AuthContext;
}

/**
 * Forgot username: national ID + birth date → the username and a sign-in link with it filled in,
 * sent to the account's verified channels, never shown on the page. The answer is the same whether or not they match an account.
 */
@Injectable()
export class RemindUsernameUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly secrets: ResetSecrets,
    private readonly limiter: RateLimiter,
    private readonly outbox: NotificationOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(PASSWORD_RESET_OPTIONS) private readonly options: ResolvedPasswordResetOptions,
  ) {}

  private signInLink(username: string): string {
    const url = new URL(this.options.signInUrl);
    url.searchParams.set('username', username);
    return url.href;
  }

  async execute(cmd: RemindUsernameCommand): Promise<void> {
    const now = this.clock.now();
    const problems: { field: string; code: string }[] = [];
    const rawId = cmd.nationalId.normalize('NFKC').trim();
    const nid = parseNationalId(rawId.length > 32 ? 'x' : rawId);
    if (!nid.ok)
      problems.push({
        field: 'nationalId',
        code: rawId === '' ? 'required' : rawId.length > 32 ? 'too_long' : 'national_id_invalid',
      });
    const birth = parseBirthDate(cmd.birthDate, now);
    if (!birth.ok) problems.push({ field: 'birthDate', code: birth.reason });
    if (problems.length || !nid.ok || !birth.ok) throw new ValidationFailed(problems);

    if (cmd.ctx.ip) {
      await this.limiter.take(
        rateSpace(this.options, 'ip'),
        ipBucket(cmd.ctx.ip),
        this.options.requestsPerIp,
      );
    }
    const pseudonym = this.secrets.pseudonym(`n:${nid.value}`);
    await this.limiter.take(rateSpace(this.options, 'remind'), pseudonym, this.options.remindersPerSubject);

    const account = await this.accounts.findByNationalId(nid.value);
    const match = account && isResettable(account) && account.birthDate === birth.value ? account : null;
    await this.dataSource.transaction(async (m) => {
      if (match) {
        for (const { kind } of verifiedChannels(match)) {
          await this.outbox.enqueue(
            {
              channel: kind,
              to: channelAddress(match, kind)!,
              template: 'username.reminder',
              locale: cmd.locale,
              // The whole username (a masked one cannot sign in), and a sign-in with it filled
              // in: it goes only to channels the holder proved are theirs.
              data: {
                name: match.displayName,
                username: match.username!,
                link: this.signInLink(match.username!),
              },
              idempotencyKey: `username-reminder:${randomUUID()}:${kind}`,
            },
            m,
          );
        }
      }
      await this.audit.record(
        {
          actor: 'anonymous',
          action: 'username.remind',
          target: match ? `account:${match.sub}` : `nid:${pseudonym}`,
          result: match ? 'success' : 'failure',
          ip: cmd.ctx.ip,
          userAgent: cmd.ctx.userAgent,
          details: match ? null : { reason: account ? 'no_match' : 'no_resettable_account' },
        },
        m,
      );
    });
  }
}
