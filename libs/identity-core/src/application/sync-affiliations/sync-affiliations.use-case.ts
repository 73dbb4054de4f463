import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { SchoolRepository, type AffiliationTerm } from '../../schools/school.repository.js';

export interface SyncAffiliationsCommand {
  accountId: string;
  accountSub: string;
  /** Only affiliations at this county's schools (`schools.county`) are added, changed or removed. */
  county: string;
  /** What the source says now (school × year × semester, titles, class). */
  terms: AffiliationTerm[];
  /** `account:<sub>`, `system:<what>`. */
  actor: string;
  /** Where the data came from, for the audit event (`county:tc`). */
  source: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AffiliationChange {
  schoolId: string;
  year: string;
  semester: string;
  change: 'created' | 'updated' | 'removed';
}

export interface SyncAffiliationsResult {
  changes: AffiliationChange[];
  /** Schools the source named that are not in the directory or not in its county: left alone. */
  ignored: string[];
}

/** 台 and 臺 are both written; the directory may hold either. */
const sameCounty = (a: string, b: string) => a.replace(/台/g, '臺').trim() === b.replace(/台/g, '臺').trim();

/**
 * Brings an account's affiliations in one county up to date with what an outside source (a county
 * login) says: for the terms it names, its schools' titles and classes are recorded, and other
 * affiliations in that county and term removed (a pupil who changed schools). Schools outside the
 * county are never touched, so one county cannot rewrite another's. A source that names no term
 * changes nothing. One transaction; one audit event listing the changes, when there are any.
 */
@Injectable()
export class SyncAffiliationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schools: SchoolRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: SyncAffiliationsCommand): Promise<SyncAffiliationsResult> {
    return this.dataSource.transaction(async (m) => {
      const accepted: AffiliationTerm[] = [];
      const ignored: string[] = [];
      for (const term of cmd.terms) {
        const school = await this.schools.findByEduid(term.schoolId, m);
        if (school && sameCounty(school.county, cmd.county)) accepted.push(term);
        else if (!ignored.includes(term.schoolId)) ignored.push(term.schoolId);
      }
      const changes: AffiliationChange[] = [];
      for (const term of accepted) {
        const change = await this.schools.recordAffiliation(cmd.accountId, term, m);
        if (change !== 'unchanged')
          changes.push({ schoolId: term.schoolId, year: term.year, semester: term.semester, change });
      }
      const named = new Set(accepted.map((t) => `${t.year}|${t.semester}`));
      const kept = new Set(accepted.map((t) => `${t.schoolId}|${t.year}|${t.semester}`));
      for (const a of await this.schools.affiliationsOf(cmd.accountId, m)) {
        if (!a.school || !sameCounty(a.school.county, cmd.county)) continue;
        if (!named.has(`${a.year}|${a.semester}`) || kept.has(`${a.schoolId}|${a.year}|${a.semester}`))
          continue;
        await this.schools.removeAffiliation(a.id, m);
        changes.push({ schoolId: a.schoolId, year: a.year, semester: a.semester, change: 'removed' });
      }
      if (changes.length)
        await this.audit.record(
          {
            actor: cmd.actor,
            action: 'account.affiliations.sync',
            target: `account:${cmd.accountSub}`,
            result: 'success',
            ip: cmd.ip ?? null,
            userAgent: cmd.userAgent ?? null,
            details: { source: cmd.source, county: cmd.county, changes, ignored },
          },
          m,
        );
      return { changes, ignored };
    });
  }
}
