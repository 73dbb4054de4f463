import { Inject, Injectable } from '@nestjs/common';
import {
  AuditService,
  Clock,
  RateLimiter,
  ValidationFailed,
  ipBucket,
  type AuthContext,
} from '#identity-core';
import type { ResetChannelOption } from '../../domain/channel-mask.js';
import { parseResetIdentifier } from '../../domain/reset-identifier.js';
import {
  PASSWORD_RESET_OPTIONS,
  rateSpace,
  type ResolvedPasswordResetOptions,
} from '../../password-reset.options.js';
import { ResetSecrets } from '../../secrets/reset-secrets.js';
import { ResetSubjectResolver } from '../../subjects/reset-subject.resolver.js';

export interface ResetChoices {
  /** Sealed form state for the next step (which identifier, until when); opaque to the browser. */
  flow: string;
  channels: ResetChannelOption[];
}

/**
 * Step 1: a username or national ID → the masked channels a code or link can go to. Answers the
 * same way for identifiers without an account (see ResetSubjectResolver).
 */
@Injectable()
export class FindResetChannelsUseCase {
  constructor(
    private readonly subjects: ResetSubjectResolver,
    private readonly secrets: ResetSecrets,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(PASSWORD_RESET_OPTIONS) private readonly options: ResolvedPasswordResetOptions,
  ) {}

  async execute(cmd: { identifier: string; ctx: AuthContext }): Promise<ResetChoices> {
    const parsed = parseResetIdentifier(cmd.identifier);
    if (!parsed.ok) throw new ValidationFailed([{ field: 'identifier', code: parsed.problem }]);
    if (cmd.ctx.ip) {
      await this.limiter.take(
        rateSpace(this.options, 'ip'),
        ipBucket(cmd.ctx.ip),
        this.options.requestsPerIp,
      );
    }
    const subject = await this.subjects.resolve(parsed.identifier);
    const now = this.clock.now();
    const flow = this.secrets.seal(
      { k: parsed.identifier.kind, v: parsed.identifier.value },
      new Date(now.getTime() + this.options.flowTtlMinutes * 60_000),
    );
    await this.audit.record({
      actor: 'anonymous',
      action: 'password_reset.lookup',
      target: subject.auditTarget,
      result: subject.account ? 'success' : 'failure',
      ip: cmd.ctx.ip,
      userAgent: cmd.ctx.userAgent,
      details: subject.account ? null : { reason: 'no_resettable_account' },
    });
    return { flow, channels: subject.channels };
  }
}
