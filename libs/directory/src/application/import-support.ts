import type { DataSource, EntityManager } from 'typeorm';
import type { CsvEncoding, CsvProblem } from '#identity-core';

/** Larger files are refused before reading; split them. */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export type RowOutcome = 'created' | 'updated' | 'unchanged';

/** What an import did, line by line; the same shape for every directory file. */
export interface DirectoryImportReport {
  encoding: CsvEncoding;
  dryRun: boolean;
  /** Data lines seen (blank lines excluded). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Assignments removed because `replace` was asked and the file no longer lists them. */
  removed: number;
  /** Refused lines; every other line was applied. */
  problems: CsvProblem[];
  ignoredColumns: string[];
}

export function emptyReport(
  encoding: CsvEncoding,
  dryRun: boolean,
  parsed: { rows: unknown[]; problems: CsvProblem[]; ignoredColumns: string[] },
): DirectoryImportReport {
  return {
    encoding,
    dryRun,
    rows: parsed.rows.length + new Set(parsed.problems.map((p) => p.line)).size,
    created: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    problems: [...parsed.problems],
    ignoredColumns: parsed.ignoredColumns,
  };
}

/** A line refused by a database check (unknown school, no such account …). */
export class RowRefused extends Error {
  constructor(readonly problem: Omit<CsvProblem, 'line'>) {
    super(problem.message);
  }
}

/** Thrown at the end of a dry-run unit to roll its transaction back after computing the outcome. */
class DryRun<T> extends Error {
  constructor(readonly outcome: T) {
    super('dry run');
  }
}

/**
 * Runs one line (or one group of lines) in its own transaction, so a refused or failing line never
 * takes the others with it; a dry run computes the same outcome and rolls back.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  dryRun: boolean,
  work: (m: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await dataSource.transaction(async (m) => {
      const outcome = await work(m);
      if (dryRun) throw new DryRun(outcome);
      return outcome;
    });
  } catch (e) {
    if (e instanceof DryRun) return e.outcome as T;
    throw e;
  }
}

/** Refusals a line's transaction may end with, as the report words them; anything else is thrown. */
export function refusalOf(e: unknown): Omit<CsvProblem, 'line'> | null {
  if (e instanceof RowRefused) return e.problem;
  if ((e as { code?: string }).code === 'ER_DUP_ENTRY')
    return { code: 'concurrent', message: 'changed by another import at the same time; run again' };
  return null;
}
