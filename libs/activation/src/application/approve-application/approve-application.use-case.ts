import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, AuditService, Clock, NotFound, ValidationFailed } from '#identity-core';
import { NotificationOutbox, type NotificationLocale } from '#notifications';
import { ACTIVATION_OPTIONS, type ResolvedActivationOptions } from '../../activation.options.js';
import { ActivationCodeIssuer } from '../../codes/activation-code.issuer.js';
import { formatActivationCode } from '../../domain/activation-code.js';
import { formatApplicationReference } from '../../domain/application-reference.js';
import { NATIONWIDE, type ApplicationScope } from '../list-applications/application-view.js';
import { ApplicationRefused } from '../../domain/errors.js';
import { REASON_MAX } from '../reject-application/reject-application.use-case.js';
import { AccountApplicationEntity } from '../../entities/account-application.entity.js';

/**
 * `applications:approve`: creates the account in state `pending` with the applicant's verified
 * contacts, and mails the decision and an activation code in one mail; the applicant then chooses a username
 * and password on the same activation page as everybody else. Refused when an account with the
 * national ID exists by now (reject it with a reason instead: the applicant is told by mail).
 */
@Injectable()
export class ApproveApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly issuer: ActivationCodeIssuer,
    private readonly outbox: NotificationOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {}

  async execute(cmd: {
    id: string;
    reviewer: string;
    /** Why (the portal requires one); kept with the application and in the audit event. */
    reason?: string;
    scope?: ApplicationScope;
  }): Promise<{ accountSub: string; expiresAt: string }> {
    // Outside the staff member's reach: the same answer as an id that does not exist.
    if ((cmd.scope ?? NATIONWIDE).kind !== 'all') throw new NotFound('application');
    if (!/^\d{1,19}$/.test(cmd.id)) throw new ValidationFailed([{ field: 'id', code: 'format' }]);
    const reason = cmd.reason?.trim() || null;
    if (reason && [...reason].length > REASON_MAX)
      throw new ValidationFailed([{ field: 'reason', code: 'too_long' }]);
    return this.dataSource.transaction(async (m) => {
      const applications = m.getRepository(AccountApplicationEntity);
      const app = await applications.findOne({ where: { id: cmd.id }, lock: { mode: 'pessimistic_write' } });
      if (!app) throw new NotFound('application');
      if (app.status !== 'pending')
        throw new ApplicationRefused('not_pending', `application ${app.id} is already ${app.status}`);
      if (await this.accounts.existsByNationalIdIndex(app.nationalIdIndex, m))
        throw new ApplicationRefused(
          'duplicate_account',
          `an account with this national ID already exists; reject application ${app.id} with a reason`,
        );
      const now = this.clock.now();
      // The applicant verified both contacts before the application was queued.
      const account = await this.accounts.createPending(
        {
          displayName: app.displayName,
          birthDate: app.birthDate,
          nationalIdCipher: app.nationalIdCipher,
          nationalIdIndex: app.nationalIdIndex,
          email: app.email,
          phone: app.phone,
        },
        now,
        m,
      );
      const code = await this.issuer.issue(m, { accountId: account.id, schoolId: null, actor: cmd.reviewer });
      app.status = 'approved';
      app.reviewer = cmd.reviewer.slice(0, 128);
      app.reviewedAt = now;
      app.accountId = account.id;
      app.reason = reason;
      await applications.save(app);

      const locale = app.locale as NotificationLocale;
      // One mail: the decision, the reference, and the activation code with where to use it.
      await this.outbox.enqueue(
        {
          channel: 'email',
          to: app.email,
          template: 'application.approved',
          locale,
          data: {
            name: app.displayName,
            reference: app.reference ? formatApplicationReference(app.reference) : app.id,
            code: formatActivationCode(code.code),
            expiresAt: code.expiresAt.toISOString().slice(0, 10),
            link: this.options.activationUrl,
          },
          idempotencyKey: `application:${app.id}:approved`,
        },
        m,
      );
      await this.audit.record(
        {
          actor: cmd.reviewer,
          action: 'application.approve',
          target: `application:${app.id}`,
          result: 'success',
          details: { account: account.sub, ...(reason ? { reason } : {}) },
        },
        m,
      );
      await this.audit.record(
        {
          actor: cmd.reviewer,
          action: 'account.provision',
          target: `account:${account.sub}`,
          result: 'success',
          details: {
            source: 'application',
            application: app.id,
            codeExpiresAt: code.expiresAt.toISOString(),
          },
        },
        m,
      );
      return { accountSub: account.sub, expiresAt: code.expiresAt.toISOString() };
    });
  }
}
