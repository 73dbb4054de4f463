import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  decodeCsv,
  SchoolRepository,
  ValidationFailed,
  type AccountEntity,
} from '#identity-core';
import { ImportFileInvalid } from '../../domain/errors.js';
import { parseTeachingAssignments, type TeachingRow } from '../../csv/teaching-assignments.parser.js';
import { TeachingAssignmentStore } from '../../teaching/teaching-assignment.store.js';
import {
  emptyReport,
  IMPORT_MAX_BYTES,
  inTransaction,
  refusalOf,
  type DirectoryImportReport,
} from '../import-support.js';
import { describe } from '../replace-teaching-assignments/replace-teaching-assignments.use-case.js';

export interface ImportTeachingAssignmentsCommand {
  content: Buffer;
  actor: string;
  dryRun?: boolean;
  /**
   * The file is the whole truth for every teacher × school × term it names: their assignments it
   * no longer lists are removed (a teacher who stopped teaching a class). Without it lines only add.
   */
  replace?: boolean;
}

/**
 * `teaching:import`: the teaching-assignment file a school exports beside its account roster, under
 * the roster's rules: UTF-8 or Big5, bad lines reported as `line N: field: reason`, good lines
 * applied (each line, or with `replace` each teacher × school × term, in its own transaction),
 * and the same file again changes nothing. Teachers are found by national ID (blind index): the
 * account roster comes first.
 */
@Injectable()
export class ImportTeachingAssignmentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly schools: SchoolRepository,
    private readonly store: TeachingAssignmentStore,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: ImportTeachingAssignmentsCommand): Promise<DirectoryImportReport> {
    if (cmd.content.length > IMPORT_MAX_BYTES)
      throw new ValidationFailed([{ field: 'file', code: 'too_large' }]);
    const { text, encoding } = decodeCsv(cmd.content);
    const parsed = parseTeachingAssignments(text);
    if (parsed.fatal) throw new ImportFileInvalid(parsed.fatal.line, parsed.fatal.message);
    const dryRun = Boolean(cmd.dryRun);
    const report = emptyReport(encoding, dryRun, parsed);
    const known = await this.schools.known([...new Set(parsed.rows.map((r) => r.schoolId))]);
    const teachers = new Map<string, AccountEntity | null>();
    const seen = new Map<string, number>();
    const accepted: { row: TeachingRow; teacher: AccountEntity }[] = [];
    for (const row of parsed.rows) {
      const refuse = (field: string | undefined, code: string, message: string) =>
        report.problems.push({ line: row.line, ...(field ? { field } : {}), code, message });
      if (!known.has(row.schoolId)) {
        refuse('school_id', 'unknown_school', `school ${row.schoolId} is not in the school directory`);
        continue;
      }
      const key = [
        row.nationalId,
        row.schoolId,
        row.year,
        row.semester,
        row.grade,
        row.classNo,
        row.subject,
      ].join('|');
      const first = seen.get(key);
      if (first !== undefined) {
        refuse(undefined, 'duplicate', `same teacher, class and subject as line ${first}`);
        continue;
      }
      seen.set(key, row.line);
      if (!teachers.has(row.nationalId))
        teachers.set(row.nationalId, await this.accounts.findByNationalId(row.nationalId));
      const teacher = teachers.get(row.nationalId);
      if (!teacher) {
        refuse(
          'national_id',
          'unknown_account',
          'no account has this national ID; import the account roster first',
        );
        continue;
      }
      accepted.push({ row, teacher });
    }
    if (cmd.replace) await this.replaceGroups(accepted, cmd.actor, dryRun, report);
    else
      for (const { row, teacher } of accepted) {
        try {
          const outcome = await inTransaction(this.dataSource, dryRun, async (m) => {
            const done = await this.store.add(m, teacher.id, row.schoolId, row, row, 'import');
            if (done !== 'unchanged')
              await this.audit.record(
                {
                  actor: cmd.actor,
                  action: 'teaching.assign',
                  target: `account:${teacher.sub}`,
                  result: 'success',
                  details: {
                    source: 'import',
                    schoolId: row.schoolId,
                    year: row.year,
                    semester: row.semester,
                    assignment: describe(row),
                    outcome: done,
                  },
                },
                m,
              );
            return done;
          });
          report[outcome] += 1;
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
        action: 'teaching.import',
        result: report.problems.length ? 'failure' : 'success',
        details: {
          encoding,
          replace: Boolean(cmd.replace),
          rows: report.rows,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          removed: report.removed,
          refused: report.problems.length,
        },
      });
    return report;
  }

  /** One transaction per teacher × school × term, so a teacher's set is replaced whole or not at all. */
  private async replaceGroups(
    accepted: { row: TeachingRow; teacher: AccountEntity }[],
    actor: string,
    dryRun: boolean,
    report: DirectoryImportReport,
  ) {
    const groups = new Map<string, { teacher: AccountEntity; rows: TeachingRow[] }>();
    for (const { row, teacher } of accepted) {
      const key = `${teacher.id}|${row.schoolId}|${row.year}|${row.semester}`;
      const group = groups.get(key) ?? { teacher, rows: [] };
      group.rows.push(row);
      groups.set(key, group);
    }
    for (const { teacher, rows } of groups.values()) {
      const { schoolId, year, semester } = rows[0]!;
      try {
        const out = await inTransaction(this.dataSource, dryRun, async (m) => {
          const done = await this.store.replace(m, teacher.id, schoolId, { year, semester }, rows, 'import');
          if (done.created || done.updated || done.removed)
            await this.audit.record(
              {
                actor,
                action: 'teaching.replace',
                target: `account:${teacher.sub}`,
                result: 'success',
                details: {
                  source: 'import',
                  schoolId,
                  year,
                  semester,
                  added: done.added.map(describe),
                  removed: done.dropped.map(describe),
                  retitled: done.updated,
                },
              },
              m,
            );
          return done;
        });
        report.created += out.created;
        report.updated += out.updated;
        report.unchanged += out.unchanged;
        report.removed += out.removed;
      } catch (e) {
        const refusal = refusalOf(e);
        if (!refusal) throw e;
        for (const row of rows) report.problems.push({ line: row.line, ...refusal });
      }
    }
  }
}
