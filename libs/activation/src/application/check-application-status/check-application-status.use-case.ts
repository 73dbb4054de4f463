import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, Clock, RateLimiter, ValidationFailed, ipBucket, parseBirthDate } from '#identity-core';
import { ACTIVATION_OPTIONS, type ResolvedActivationOptions } from '../../activation.options.js';
import { normalizeApplicationReference } from '../../domain/application-reference.js';
import {
  AccountApplicationEntity,
  type ApplicationStatus,
} from '../../entities/account-application.entity.js';
import type { AttemptContext } from '../attempt-context.js';

export interface ApplicationStatusView {
  status: ApplicationStatus;
  /** When it was submitted and, once decided, when (the page shows dates only). */
  submittedAt: Date;
  decidedAt: Date | null;
}

/**
 * 查詢申請進度: reference number + birth date → the application's status, or null. A wrong birth
 * date and a number that does not exist answer the same null, and both count against the
 * reference's and the IP's limits, so the page cannot be used to find numbers or birth dates.
 * The status tells nothing the applicant was not mailed (no reviewer, no reason).
 */
@Injectable()
export class CheckApplicationStatusUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {}

  async execute(
    cmd: { reference: string; birthDate: string },
    ctx: AttemptContext,
  ): Promise<ApplicationStatusView | null> {
    const problems: { field: string; code: string }[] = [];
    const reference = normalizeApplicationReference(cmd.reference);
    if (!reference) problems.push({ field: 'reference', code: cmd.reference.trim() ? 'format' : 'empty' });
    const birth = parseBirthDate(cmd.birthDate, this.clock.now());
    if (!birth.ok) problems.push({ field: 'birthDate', code: birth.reason });
    if (!reference || !birth.ok) throw new ValidationFailed(problems);

    const space = `${this.options.redisPrefix}:activation:status`;
    const hour = (max: number) => ({ max, windowSeconds: 3600 });
    if (ctx.ip)
      await this.limiter.take(`${space}-ip`, ipBucket(ctx.ip), hour(this.options.statusChecksPerHour * 10));
    await this.limiter.take(`${space}-ref`, reference, hour(this.options.statusChecksPerHour));

    const app = await this.dataSource.getRepository(AccountApplicationEntity).findOneBy({ reference });
    const match = app && app.birthDate === birth.value ? app : null;
    await this.audit.record({
      actor: 'anonymous',
      action: 'application.status_check',
      target: match ? `application:${match.id}` : null,
      result: match ? 'success' : 'failure',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: match ? null : { reason: app ? 'birth_date_mismatch' : 'no_such_reference' },
    });
    return match ? { status: match.status, submittedAt: match.createdAt, decidedAt: match.reviewedAt } : null;
  }
}
