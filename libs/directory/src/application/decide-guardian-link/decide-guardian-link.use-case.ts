import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, Clock, DomainError, NotFound } from '#identity-core';
import { GuardianLinkEntity, type GuardianLinkStatus } from '../../entities/index.js';
import { GuardianLinkStore } from '../../guardians/guardian-link.store.js';

export type GuardianDecision = 'confirm' | 'reject' | 'revoke';

const NEXT: Record<GuardianDecision, { from: GuardianLinkStatus[]; to: GuardianLinkStatus }> = {
  confirm: { from: ['requested'], to: 'confirmed' },
  reject: { from: ['requested'], to: 'rejected' },
  revoke: { from: ['confirmed', 'requested'], to: 'revoked' },
};

/**
 * The school decides a parent's request (confirm or reject) or ends a link (revoke, e.g. custody
 * changed). `schoolId`, when given, must be the link's school: a school decides only for its pupils.
 */
@Injectable()
export class DecideGuardianLinkUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly links: GuardianLinkStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: {
    id: string;
    decision: GuardianDecision;
    actor: string;
    schoolId?: string;
  }): Promise<{ id: string; status: GuardianLinkStatus }> {
    return this.dataSource.transaction(async (m) => {
      const link = await this.links.findById(cmd.id, m);
      if (!link || (cmd.schoolId && link.schoolId !== cmd.schoolId)) throw new NotFound('guardian link');
      const rule = NEXT[cmd.decision];
      if (!rule.from.includes(link.status))
        throw new DomainError(
          'invalid_state_transition',
          `cannot ${cmd.decision} a link that is ${link.status}`,
        );
      await m
        .getRepository(GuardianLinkEntity)
        .update({ id: link.id }, { status: rule.to, decidedBy: cmd.actor, decidedAt: this.clock.now() });
      await this.audit.record(
        {
          actor: cmd.actor,
          action: `guardian.${cmd.decision}`,
          target: `guardian_link:${link.id}`,
          result: 'success',
          details: { schoolId: link.schoolId, from: link.status, to: rule.to },
        },
        m,
      );
      return { id: link.id, status: rule.to };
    });
  }
}
