import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ImportReport } from '../application/import-accounts/import-accounts.use-case.js';
import { ALL_SCHOOLS, rosterScopeColumns, type RosterScope } from './roster-scope.js';

export type RosterImportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface RosterImportRow {
  id: string;
  status: RosterImportStatus;
  actor: string;
  file_name: string | null;
  content_cipher: string | null;
  encoding: string | null;
  total: number;
  done: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  report: string | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  scope_kind: string;
  scope_value: string | null;
  /** JSON: ImportedClass[] (set when it ends). */
  classes: string | null;
}

/** A school × grade × class an import applied lines of, and how many. */
export interface ImportedClass {
  schoolId: string;
  grade: string;
  classNo: string;
  count: number;
}

/** The `roster_imports` rows: what any process (CLI, admin page, worker) reads of a job. */
@Injectable()
export class RosterImportStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(row: {
    actor: string;
    fileName: string | null;
    contentCipher: string;
    contentHash: string;
    scope?: RosterScope;
  }): Promise<string> {
    const scope = rosterScopeColumns(row.scope ?? ALL_SCHOOLS);
    const r = (await this.dataSource.query(
      `INSERT INTO roster_imports (actor, file_name, content_cipher, content_hash, scope_kind, scope_value)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [
        row.actor.slice(0, 128),
        row.fileName?.slice(0, 255) ?? null,
        row.contentCipher,
        row.contentHash,
        scope.kind,
        scope.value,
      ],
    )) as { insertId: number | string };
    return String(r.insertId);
  }

  async find(id: string, withContent = false): Promise<RosterImportRow | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, status, actor, file_name, ${withContent ? 'content_cipher' : 'NULL AS content_cipher'}, encoding,
              total, done, created, updated, unchanged, refused, report, error, created_at, started_at, finished_at,
              scope_kind, scope_value, classes
         FROM roster_imports WHERE id = ?`,
      [id],
    )) as RosterImportRow[];
    return row ?? null;
  }

  /** Claims a queued (or, after a crashed worker, running) import; false when it already ended. */
  async start(id: string, now: Date): Promise<boolean> {
    const r = (await this.dataSource.query(
      `UPDATE roster_imports SET status = 'running', started_at = ?, done = 0
        WHERE id = ? AND status IN ('queued', 'running') AND content_cipher IS NOT NULL`,
      [now, id],
    )) as { affectedRows: number };
    return r.affectedRows === 1;
  }

  async progress(id: string, done: number, total: number): Promise<void> {
    await this.dataSource.query(`UPDATE roster_imports SET done = ?, total = ? WHERE id = ?`, [
      done,
      total,
      id,
    ]);
  }

  /** The file is deleted once the import ended: the accounts hold what it said. */
  async finish(
    id: string,
    report: ImportReport,
    csv: string,
    now: Date,
    classes: readonly ImportedClass[] = [],
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE roster_imports SET status = 'done', content_cipher = NULL, encoding = ?, total = ?, done = ?,
              created = ?, updated = ?, unchanged = ?, refused = ?, report = ?, finished_at = ?, classes = ?
        WHERE id = ?`,
      [
        report.encoding,
        report.rows,
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        new Set(report.problems.map((p) => p.line)).size,
        csv,
        now,
        JSON.stringify(classes),
        id,
      ],
    );
  }

  async fail(id: string, error: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE roster_imports SET status = 'failed', content_cipher = NULL, error = ?, finished_at = ? WHERE id = ?`,
      [error.slice(0, 512), now, id],
    );
  }
}
