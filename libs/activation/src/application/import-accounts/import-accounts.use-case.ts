import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  Clock,
  DomainError,
  PiiService,
  SchoolRepository,
  ValidationFailed,
} from '#identity-core';
import { decodeRoster, type RosterEncoding } from '../../roster/roster-decoder.js';
import { parseRoster, type RosterProblem, type RosterRow } from '../../roster/roster-parser.js';

export const ROSTER_MAX_BYTES = 64 * 1024 * 1024;

export interface ImportReport {
  encoding: RosterEncoding;
  dryRun: boolean;
  /** Data lines seen (blank lines excluded). */
  rows: number;
  /** New pending accounts. */
  created: number;
  /** Existing accounts that got a new or changed affiliation, or corrected pending data. */
  updated: number;
  unchanged: number;
  /** Refused lines; every other line was applied. */
  problems: RosterProblem[];
  ignoredColumns: string[];
}

type Outcome = 'created' | 'updated' | 'unchanged';

class RowRefused extends Error {
  constructor(readonly problem: Omit<RosterProblem, 'line'>) {
    super(problem.message);
  }
}

/** Thrown at the end of a dry-run row to roll its transaction back after computing the outcome. */
class DryRun extends Error {
  constructor(readonly outcome: Outcome) {
    super('dry run');
  }
}

/**
 * `accounts:import`: provisions accounts in state `pending` (no username, no password) with their
 * school affiliation, from a roster CSV. Valid lines are applied, each in its own transaction;
 * invalid ones are reported with their line number. Matching is by national ID (blind index) and
 * by account × school × year × semester, so importing the same file again changes nothing.
 * Pending accounts take corrected names and birth dates from a newer file; activated accounts
 * belong to their holders and only get affiliations.
 */
@Injectable()
export class ImportAccountsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly schools: SchoolRepository,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { content: Buffer; actor: string; dryRun?: boolean }): Promise<ImportReport> {
    if (cmd.content.length > ROSTER_MAX_BYTES)
      throw new ValidationFailed([{ field: 'file', code: 'too_large' }]);
    const { text, encoding } = decodeRoster(cmd.content);
    const parsed = parseRoster(text, this.clock.now());
    if (parsed.fatal)
      throw new DomainError('roster_invalid', `line ${parsed.fatal.line}: ${parsed.fatal.message}`, {
        line: parsed.fatal.line,
      });
    const dryRun = Boolean(cmd.dryRun);
    const report: ImportReport = {
      encoding,
      dryRun,
      rows: parsed.rows.length + new Set(parsed.problems.map((p) => p.line)).size,
      created: 0,
      updated: 0,
      unchanged: 0,
      problems: [...parsed.problems],
      ignoredColumns: parsed.ignoredColumns,
    };

    const known = await this.schools.known([...new Set(parsed.rows.map((r) => r.schoolId))]);
    const byTerm = new Map<string, number>();
    const byPerson = new Map<string, RosterRow>();
    for (const row of parsed.rows) {
      const refuse = (p: Omit<RosterProblem, 'line'>) => report.problems.push({ line: row.line, ...p });
      if (!known.has(row.schoolId)) {
        refuse({
          field: 'school_id',
          code: 'unknown_school',
          message: `school ${row.schoolId} is not in the school directory`,
        });
        continue;
      }
      const termKey = `${row.nationalId}|${row.schoolId}|${row.year}|${row.semester}`;
      const sameTerm = byTerm.get(termKey);
      if (sameTerm !== undefined) {
        refuse({ code: 'duplicate', message: `same person, school and term as line ${sameTerm}` });
        continue;
      }
      const samePerson = byPerson.get(row.nationalId);
      if (samePerson && (samePerson.name !== row.name || samePerson.birthDate !== row.birthDate)) {
        refuse({
          code: 'conflict',
          message: `name or birth date differs from line ${samePerson.line} for the same national ID`,
        });
        continue;
      }
      byTerm.set(termKey, row.line);
      byPerson.set(row.nationalId, row);
      try {
        report[await this.applyRow(row, cmd.actor, dryRun)] += 1;
      } catch (e) {
        if (e instanceof RowRefused) refuse(e.problem);
        else if ((e as { code?: string }).code === 'ER_DUP_ENTRY')
          refuse({ code: 'concurrent', message: 'changed by another import at the same time; run again' });
        else throw e;
      }
    }
    report.problems.sort((a, b) => a.line - b.line);
    if (!dryRun)
      await this.audit.record({
        actor: cmd.actor,
        action: 'accounts.import',
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

  private async applyRow(row: RosterRow, actor: string, dryRun: boolean): Promise<Outcome> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const outcome = await this.upsert(m, row, actor);
        if (dryRun) throw new DryRun(outcome);
        return outcome;
      });
    } catch (e) {
      if (e instanceof DryRun) return e.outcome;
      throw e;
    }
  }

  private async upsert(m: EntityManager, row: RosterRow, actor: string): Promise<Outcome> {
    const index = this.pii.nationalIdIndex(row.nationalId);
    let account = await this.accounts.findForUpdate({ nationalIdIndex: index }, m);
    let outcome: Outcome = 'unchanged';
    if (!account) {
      account = await this.accounts.createPending(
        {
          displayName: row.name,
          birthDate: row.birthDate,
          nationalIdCipher: this.pii.encrypt(row.nationalId),
          nationalIdIndex: index,
        },
        this.clock.now(),
        m,
      );
      await this.audit.record(
        {
          actor,
          action: 'account.provision',
          target: `account:${account.sub}`,
          result: 'success',
          details: { source: 'import', schoolId: row.schoolId },
        },
        m,
      );
      outcome = 'created';
    } else if (account.status === 'pending') {
      if (account.displayName !== row.name || account.birthDate !== row.birthDate) {
        await this.accounts.correctPending(
          account.id,
          { displayName: row.name, birthDate: row.birthDate },
          m,
        );
        outcome = 'updated';
      }
    } else if (account.birthDate && account.birthDate !== row.birthDate) {
      throw new RowRefused({
        field: 'birth_date',
        code: 'birth_date_mismatch',
        message: 'differs from the birth date of the existing, activated account with this national ID',
      });
    }

    const affiliation = await this.schools.recordAffiliation(
      account.id,
      {
        schoolId: row.schoolId,
        year: row.year,
        semester: row.semester,
        titles: row.titles,
        grade: row.grade,
        classNo: row.classNo,
        classTitle: row.classTitle,
      },
      m,
    );
    if (affiliation !== 'unchanged' && outcome === 'unchanged') outcome = 'updated';
    return outcome;
  }
}
