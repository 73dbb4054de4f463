import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  Clock,
  NotFound,
  parseBirthDate,
  parseNationalId,
  RateLimiter,
  ValidationFailed,
} from '#identity-core';
import { GuardianLinkRefused } from '../../domain/errors.js';
import { STUDENT_TITLE } from '../../domain/school-term.js';
import { DIRECTORY_OPTIONS, type ResolvedDirectoryOptions } from '../../directory.options.js';
import { GuardianLinkEntity } from '../../entities/index.js';
import { GuardianLinkStore } from '../../guardians/guardian-link.store.js';

export interface RequestGuardianLinkCommand {
  /** The parent's account. */
  parentSub: string;
  /** What the parent knows of the child: national ID and birth date. */
  childNationalId: string;
  childBirthDate: string;
  /** The child's school, which confirms the request. */
  schoolId: string;
  relationship?: string | null;
  actor: string;
}

/**
 * A parent asks to be linked to their child. The request names the child by national ID and birth
 * date and waits, `requested`, until the child's school confirms it (`guardians:confirm`); nothing
 * is released before. Every mismatch (unknown ID, wrong birth date, another school) is one answer.
 */
@Injectable()
export class RequestGuardianLinkUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly links: GuardianLinkStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    @Inject(DIRECTORY_OPTIONS) private readonly options: ResolvedDirectoryOptions,
  ) {}

  async execute(cmd: RequestGuardianLinkCommand): Promise<{ id: string; status: string }> {
    const nid = parseNationalId(cmd.childNationalId);
    const birth = parseBirthDate(cmd.childBirthDate, this.clock.now());
    const problems: { field: string; code: string }[] = [];
    if (!nid.ok) problems.push({ field: 'child_national_id', code: nid.reason });
    if (!birth.ok) problems.push({ field: 'child_birth_date', code: birth.reason });
    if (cmd.relationship && [...cmd.relationship].length > 16)
      problems.push({ field: 'relationship', code: 'too_long' });
    if (problems.length || !nid.ok || !birth.ok) throw new ValidationFailed(problems);
    const parent = await this.accounts.findBySub(cmd.parentSub);
    if (!parent || parent.status !== 'active') throw new NotFound('parent account');
    // Each request tests a national ID and birth date: a parent may not try many (TooManyAttempts).
    await this.limiter.take(
      `${this.options.namespace}:guardian:request`,
      parent.id,
      this.options.guardianRequestsPerParent,
    );
    const found = await this.accounts.findByNationalId(nid.value);
    const child = found ? await this.accounts.findWithAffiliations(found.sub) : null;
    const matches =
      child &&
      child.id !== parent.id &&
      child.birthDate === birth.value &&
      child.affiliations?.some((a) => a.schoolId === cmd.schoolId && a.titles.includes(STUDENT_TITLE));
    if (!child || !matches) {
      await this.audit.record({
        actor: cmd.actor,
        action: 'guardian.request',
        target: `account:${parent.sub}`,
        result: 'failure',
        details: { schoolId: cmd.schoolId, reason: !child ? 'unknown_child' : 'mismatch' },
      });
      throw new GuardianLinkRefused();
    }
    return this.dataSource.transaction(async (m) => {
      const existing = await this.links.find(parent.id, child.id, m);
      if (existing && (existing.status === 'confirmed' || existing.status === 'requested'))
        return { id: existing.id, status: existing.status };
      const fields = {
        schoolId: cmd.schoolId,
        relationship: cmd.relationship || null,
        status: 'requested' as const,
        source: 'request' as const,
        requestedBy: cmd.actor,
        decidedBy: null,
        decidedAt: null,
      };
      let id: string;
      if (existing) {
        await m.getRepository(GuardianLinkEntity).update({ id: existing.id }, fields);
        id = existing.id;
      } else {
        const r = await m
          .getRepository(GuardianLinkEntity)
          .insert({ parentAccountId: parent.id, childAccountId: child.id, ...fields });
        id = String(r.identifiers[0]!.id);
      }
      await this.audit.record(
        {
          actor: cmd.actor,
          action: 'guardian.request',
          target: `account:${parent.sub}`,
          result: 'success',
          details: { link: id, child: `account:${child.sub}`, schoolId: cmd.schoolId },
        },
        m,
      );
      return { id, status: 'requested' };
    });
  }
}
