import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  Clock,
  type AuditRecord,
  DomainError,
  PiiService,
  SchoolRepository,
  ValidationFailed,
} from '#identity-core';
import { decodeRoster, type RosterEncoding } from '../../roster/roster-decoder.js';
import { parseRoster, type RosterProblem, type RosterRow } from '../../roster/roster-parser.js';
import { ALL_SCHOOLS, type RosterScope } from '../../roster-import/roster-scope.js';

export const ROSTER_MAX_BYTES = 64 * 1024 * 1024;
/** Lines per transaction (each line behind its own savepoint), and transactions at once. */
const CHUNK = 200;
const PARALLEL_CHUNKS = 4;

/** Chunks of about CHUNK lines in file order, every line of one person in the same chunk. */
function chunkByPerson(rows: readonly RosterRow[]): RosterRow[][] {
  const byPerson = new Map<string, RosterRow[]>();
  for (const row of rows) {
    const same = byPerson.get(row.nationalId);
    if (same) same.push(row);
    else byPerson.set(row.nationalId, [row]);
  }
  const chunks: RosterRow[][] = [];
  let current: RosterRow[] = [];
  for (const lines of byPerson.values()) {
    current.push(...lines);
    if (current.length >= CHUNK) {
      chunks.push(current);
      current = [];
    }
  }
  if (current.length) chunks.push(current);
  return chunks;
}

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

/**
 * `accounts:import`: provisions accounts in state `pending` (no username, no password) with their
 * school affiliation, from a roster CSV. Valid lines are applied, each on its own (a savepoint in a transaction of 200 lines);
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

  /** `onProgress(done, total)` counts data lines (refused ones included), now and then and at the end. */
  async execute(cmd: {
    content: Buffer;
    actor: string;
    dryRun?: boolean;
    /** Whose schools the lines may name (the portal's county and school admins); others are refused. */
    scope?: RosterScope;
    /** Each line applied (created, updated or unchanged), e.g. to list the classes an import touched. */
    onApplied?: (row: Pick<RosterRow, 'schoolId' | 'grade' | 'classNo'>) => void;
    onProgress?: (done: number, total: number) => Promise<void> | void;
  }): Promise<ImportReport> {
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

    const refusedAtParse = report.rows - parsed.rows.length;
    let done = refusedAtParse;
    await cmd.onProgress?.(done, report.rows);
    const known = await this.schools.known([...new Set(parsed.rows.map((r) => r.schoolId))]);
    const inScope = await this.schoolsInScope(cmd.scope ?? ALL_SCHOOLS);
    const byTerm = new Map<string, number>();
    const byPerson = new Map<string, RosterRow>();
    const toApply: RosterRow[] = [];
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
      if (inScope && !inScope.has(row.schoolId)) {
        refuse({
          field: 'school_id',
          code: 'out_of_scope',
          message: `school ${row.schoolId} is outside the schools you may import for`,
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
      toApply.push(row);
    }
    done += parsed.rows.length - toApply.length;
    const chunks = chunkByPerson(toApply);
    // A few chunks at once: each line is several round trips, so waiting on the database, not
    // the CPU, is what a sequential import spends its time on. A person's lines share a chunk.
    const run = async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
        const results = await this.applyChunk(chunk, cmd.actor, dryRun);
        results.forEach((r, j) => {
          if (typeof r === 'string') {
            report[r] += 1;
            cmd.onApplied?.(chunk[j]);
          } else report.problems.push({ line: chunk[j].line, ...r });
        });
        done += chunk.length;
        await cmd.onProgress?.(done, report.rows);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_CHUNKS }, run));
    report.problems.sort((a, b) => a.line - b.line);
    await cmd.onProgress?.(report.rows, report.rows);
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

  /** The schools a scope reaches; null for every school. */
  private async schoolsInScope(scope: RosterScope): Promise<Set<string> | null> {
    if (scope.kind === 'all') return null;
    if (scope.kind === 'school') return new Set([scope.schoolId]);
    return new Set((await this.schools.list({ county: scope.county })).map((s) => s.eduid));
  }

  /**
   * One transaction per chunk (one commit, one log flush, instead of one per line), each line
   * behind a savepoint so a refused line is undone alone. The chunk's audit events go last, in
   * one insert: the audit chain's head lock is then held only for that insert and the commit.
   */
  private async applyChunk(
    rows: readonly RosterRow[],
    actor: string,
    dryRun: boolean,
  ): Promise<(Outcome | Omit<RosterProblem, 'line'>)[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.applyChunkOnce(rows, actor, dryRun);
      } catch (e) {
        const code = (e as { code?: string }).code;
        // Chunks run side by side: a deadlock rolls one back whole, and it simply runs again.
        if (attempt >= 3 || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw e;
      }
    }
  }

  private applyChunkOnce(
    rows: readonly RosterRow[],
    actor: string,
    dryRun: boolean,
  ): Promise<(Outcome | Omit<RosterProblem, 'line'>)[]> {
    // READ COMMITTED: no gap locks on the national-ID index, which side-by-side chunks inserting
    // new people next to each other would otherwise deadlock on.
    return this.dataSource.transaction('READ COMMITTED', async (m) => {
      const results: (Outcome | Omit<RosterProblem, 'line'>)[] = [];
      const audits: AuditRecord[] = [];
      for (const row of rows) {
        const rowAudits: AuditRecord[] = [];
        await m.query('SAVEPOINT roster_line');
        try {
          const outcome = await this.upsert(m, row, actor, rowAudits);
          // A dry run computes each line's outcome, then undoes it. (Otherwise the next line's
          // SAVEPOINT of the same name replaces this one: no RELEASE round trip.)
          if (dryRun) await m.query('ROLLBACK TO SAVEPOINT roster_line');
          if (!dryRun) audits.push(...rowAudits);
          results.push(outcome);
        } catch (e) {
          await m.query('ROLLBACK TO SAVEPOINT roster_line');
          if (e instanceof RowRefused) results.push(e.problem);
          else if ((e as { code?: string }).code === 'ER_DUP_ENTRY')
            results.push({
              code: 'concurrent',
              message: 'changed by another import at the same time; run again',
            });
          else throw e;
        }
      }
      await this.audit.recordMany(audits, m);
      return results;
    });
  }

  private async upsert(
    m: EntityManager,
    row: RosterRow,
    actor: string,
    audits: AuditRecord[],
  ): Promise<Outcome> {
    const index = this.pii.nationalIdIndex(row.nationalId);
    let account = await this.accounts.lockForImport(index, m);
    let outcome: Outcome = 'unchanged';
    if (!account) {
      const created = await this.accounts.insertPending(
        {
          displayName: row.name,
          birthDate: row.birthDate,
          nationalIdCipher: this.pii.encrypt(row.nationalId),
          nationalIdIndex: index,
        },
        this.clock.now(),
        m,
      );
      account = { ...created, status: 'pending', displayName: row.name, birthDate: row.birthDate };
      audits.push({
        actor,
        action: 'account.provision',
        target: `account:${account.sub}`,
        result: 'success',
        details: { source: 'import', schoolId: row.schoolId },
      });
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

    // A person created just now has no affiliation yet.
    if (outcome === 'created') {
      await this.schools.addAffiliation(account.id, this.term(row), m);
      return outcome;
    }
    const affiliation = await this.schools.recordAffiliation(account.id, this.term(row), m);
    if (affiliation !== 'unchanged' && outcome === 'unchanged') outcome = 'updated';
    return outcome;
  }

  private term(row: RosterRow) {
    return {
      schoolId: row.schoolId,
      year: row.year,
      semester: row.semester,
      titles: row.titles,
      grade: row.grade,
      classNo: row.classNo,
      classTitle: row.classTitle,
    };
  }
}
