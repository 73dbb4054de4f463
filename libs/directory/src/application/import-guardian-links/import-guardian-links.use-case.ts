import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  Clock,
  decodeCsv,
  SchoolRepository,
  ValidationFailed,
  type AccountEntity,
} from '#identity-core';
import { ImportFileInvalid } from '../../domain/errors.js';
import { STUDENT_TITLE } from '../../domain/school-term.js';
import { parseGuardianLinks, type GuardianRow } from '../../csv/guardian-links.parser.js';
import { GuardianLinkEntity } from '../../entities/index.js';
import { GuardianLinkStore } from '../../guardians/guardian-link.store.js';
import {
  emptyReport,
  IMPORT_MAX_BYTES,
  inTransaction,
  refusalOf,
  RowRefused,
  type DirectoryImportReport,
  type RowOutcome,
} from '../import-support.js';

/**
 * `guardians:import`: parent–child links a school vouches for, so they are confirmed at once. Both
 * accounts must exist and the child must belong to the school (some term): a school links only its
 * own pupils. Same rules as every import: bad lines reported, good ones kept, idempotent.
 */
@Injectable()
export class ImportGuardianLinksUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly schools: SchoolRepository,
    private readonly links: GuardianLinkStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { content: Buffer; actor: string; dryRun?: boolean }): Promise<DirectoryImportReport> {
    if (cmd.content.length > IMPORT_MAX_BYTES)
      throw new ValidationFailed([{ field: 'file', code: 'too_large' }]);
    const { text, encoding } = decodeCsv(cmd.content);
    const parsed = parseGuardianLinks(text);
    if (parsed.fatal) throw new ImportFileInvalid(parsed.fatal.line, parsed.fatal.message);
    const dryRun = Boolean(cmd.dryRun);
    const report = emptyReport(encoding, dryRun, parsed);
    const known = await this.schools.known([...new Set(parsed.rows.map((r) => r.schoolId))]);
    const seen = new Map<string, number>();
    for (const row of parsed.rows) {
      const key = `${row.parentNationalId}|${row.childNationalId}`;
      const first = seen.get(key);
      try {
        if (!known.has(row.schoolId))
          throw new RowRefused({
            field: 'school_id',
            code: 'unknown_school',
            message: `school ${row.schoolId} is not in the school directory`,
          });
        if (first !== undefined)
          throw new RowRefused({ code: 'duplicate', message: `same parent and child as line ${first}` });
        seen.set(key, row.line);
        const parent = await this.accounts.findByNationalId(row.parentNationalId);
        if (!parent)
          throw new RowRefused({
            field: 'parent_national_id',
            code: 'unknown_account',
            message: 'no account has this national ID; import the account roster first',
          });
        const child = await this.accounts.findByNationalId(row.childNationalId);
        const childAffiliations = child ? await this.accounts.findWithAffiliations(child.sub) : null;
        if (
          !child ||
          !childAffiliations?.affiliations?.some(
            (a) => a.schoolId === row.schoolId && a.titles.includes(STUDENT_TITLE),
          )
        )
          throw new RowRefused({
            field: 'child_national_id',
            code: 'not_a_pupil',
            message: `no student with this national ID at school ${row.schoolId}`,
          });
        report[
          await inTransaction(this.dataSource, dryRun, (m) => this.apply(m, row, parent, child, cmd.actor))
        ] += 1;
      } catch (e) {
        const refusal = refusalOf(e);
        if (!refusal) throw e;
        report.problems.push({ line: row.line, ...refusal });
      }
    }
    report.problems.sort((a, b) => a.line - b.line);
    if (!dryRun)
      await this.audit.record({
        actor: cmd.actor,
        action: 'guardians.import',
        result: report.problems.length ? 'failure' : 'success',
        details: {
          encoding,
          rows: report.rows,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          refused: report.problems.length,
        },
      });
    return report;
  }

  private async apply(
    m: EntityManager,
    row: GuardianRow,
    parent: AccountEntity,
    child: AccountEntity,
    actor: string,
  ): Promise<RowOutcome> {
    const existing = await this.links.find(parent.id, child.id, m);
    const now = this.clock.now();
    const wanted = { schoolId: row.schoolId, relationship: row.relationship, status: 'confirmed' as const };
    let outcome: RowOutcome;
    if (!existing) {
      await m.getRepository(GuardianLinkEntity).insert({
        parentAccountId: parent.id,
        childAccountId: child.id,
        ...wanted,
        source: 'import',
        requestedBy: actor,
        decidedBy: actor,
        decidedAt: now,
      });
      outcome = 'created';
    } else if (
      existing.status === 'confirmed' &&
      existing.schoolId === row.schoolId &&
      existing.relationship === row.relationship
    )
      return 'unchanged';
    else {
      // The school's file confirms a pending request, or restores a link revoked earlier.
      await m
        .getRepository(GuardianLinkEntity)
        .update({ id: existing.id }, { ...wanted, decidedBy: actor, decidedAt: now });
      outcome = 'updated';
    }
    await this.audit.record(
      {
        actor,
        action: 'guardian.link',
        target: `account:${parent.sub}`,
        result: 'success',
        details: {
          source: 'import',
          child: `account:${child.sub}`,
          schoolId: row.schoolId,
          relationship: row.relationship,
          outcome,
        },
      },
      m,
    );
    return outcome;
  }
}
