import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, Clock, NotFound, ValidationFailed } from '#identity-core';
import { NotificationOutbox, type NotificationLocale } from '#notifications';
import { NATIONWIDE, type ApplicationScope } from '../list-applications/application-view.js';
import { ApplicationRefused } from '../../domain/errors.js';
import { AccountApplicationEntity } from '../../entities/account-application.entity.js';

export const REASON_MAX = 500;

/** `applications:reject --reason`: the reason is mailed to the applicant, so write it for them. */
@Injectable()
export class RejectApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: NotificationOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: {
    id: string;
    reason: string;
    reviewer: string;
    scope?: ApplicationScope;
  }): Promise<void> {
    // Outside the staff member's reach: the same answer as an id that does not exist.
    if ((cmd.scope ?? NATIONWIDE).kind !== 'all') throw new NotFound('application');
    const reason = cmd.reason.trim();
    const problems: { field: string; code: string }[] = [];
    if (!/^\d{1,19}$/.test(cmd.id)) problems.push({ field: 'id', code: 'format' });
    if (!reason) problems.push({ field: 'reason', code: 'empty' });
    else if ([...reason].length > REASON_MAX) problems.push({ field: 'reason', code: 'too_long' });
    if (problems.length) throw new ValidationFailed(problems);
    await this.dataSource.transaction(async (m) => {
      const applications = m.getRepository(AccountApplicationEntity);
      const app = await applications.findOne({ where: { id: cmd.id }, lock: { mode: 'pessimistic_write' } });
      if (!app) throw new NotFound('application');
      if (app.status !== 'pending')
        throw new ApplicationRefused('not_pending', `application ${app.id} is already ${app.status}`);
      app.status = 'rejected';
      app.reason = reason;
      app.reviewer = cmd.reviewer.slice(0, 128);
      app.reviewedAt = this.clock.now();
      await applications.save(app);
      await this.outbox.enqueue(
        {
          channel: 'email',
          to: app.email,
          template: 'application.rejected',
          locale: app.locale as NotificationLocale,
          data: { name: app.displayName, reference: app.id, reason },
          idempotencyKey: `application:${app.id}:rejected`,
        },
        m,
      );
      await this.audit.record(
        {
          actor: cmd.reviewer,
          action: 'application.reject',
          target: `application:${app.id}`,
          result: 'success',
          details: { reason },
        },
        m,
      );
    });
  }
}
