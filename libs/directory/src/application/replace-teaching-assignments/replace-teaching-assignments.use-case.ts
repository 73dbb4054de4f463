import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  NotFound,
  SchoolRepository,
  ValidationFailed,
} from '#identity-core';
import type { SchoolTerm } from '../../domain/school-term.js';
import {
  TeachingAssignmentStore,
  type ClassSubject,
  type ReplaceOutcome,
} from '../../teaching/teaching-assignment.store.js';

export interface ReplaceTeachingAssignmentsCommand {
  /** The teacher's `sub`. */
  teacherSub: string;
  schoolId: string;
  term: SchoolTerm;
  /** Everything the teacher teaches at the school in the term; an empty list removes it all. */
  assignments: ClassSubject[];
  /** e.g. `federation:tc` when a county's claims are the source. */
  source: string;
  actor: string;
}

const LIMITS = { grade: 4, classNo: 8, classTitle: 64, subject: 64 } as const;

/**
 * Replaces a teacher's classes and subjects at one school for one term, in one transaction with
 * its audit event: what county federation calls when a county's claims say what a teacher
 * teaches now, and what `teaching:import --replace` does per teacher.
 */
@Injectable()
export class ReplaceTeachingAssignmentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly schools: SchoolRepository,
    private readonly store: TeachingAssignmentStore,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: ReplaceTeachingAssignmentsCommand): Promise<ReplaceOutcome> {
    const problems: { field: string; code: string }[] = [];
    if (!/^\d{2,3}$/.test(cmd.term.year)) problems.push({ field: 'year', code: 'format' });
    if (!/^[12]$/.test(cmd.term.semester)) problems.push({ field: 'semester', code: 'format' });
    for (const a of cmd.assignments)
      for (const [field, max] of Object.entries(LIMITS)) {
        const v = a[field as keyof ClassSubject];
        if (field !== 'classTitle' && !v) problems.push({ field, code: 'required' });
        else if (v && [...v].length > max) problems.push({ field, code: 'too_long' });
      }
    if (problems.length) throw new ValidationFailed(problems);
    const account = await this.accounts.findBySub(cmd.teacherSub);
    if (!account) throw new NotFound('account');
    if (!(await this.schools.known([cmd.schoolId])).has(cmd.schoolId)) throw new NotFound('school');
    return this.dataSource.transaction(async (m) => {
      const out = await this.store.replace(
        m,
        account.id,
        cmd.schoolId,
        cmd.term,
        cmd.assignments,
        cmd.source,
      );
      if (out.created || out.updated || out.removed)
        await this.audit.record(
          {
            actor: cmd.actor,
            action: 'teaching.replace',
            target: `account:${account.sub}`,
            result: 'success',
            details: {
              source: cmd.source,
              schoolId: cmd.schoolId,
              ...cmd.term,
              added: out.added.map(describe),
              removed: out.dropped.map(describe),
              retitled: out.updated,
            },
          },
          m,
        );
      return out;
    });
  }
}

export function describe(a: ClassSubject): string {
  return `${a.grade}-${a.classNo} ${a.subject}`;
}
