import { Injectable, Logger } from '@nestjs/common';
import { Clock, DomainError, PiiService } from '#identity-core';
import { problemReportCsv } from '../../roster-import/problem-report.js';
import { RosterImportStore, type ImportedClass } from '../../roster-import/roster-import.store.js';
import { rosterScopeFrom } from '../../roster-import/roster-scope.js';
import { ImportAccountsUseCase } from '../import-accounts/import-accounts.use-case.js';

/** Progress is written at most this often (one UPDATE), so any process can show it. */
const PROGRESS_INTERVAL_MS = 500;
/** Classes remembered per import (for the portal's class letters); a roster is one school's few. */
const CLASSES_MAX = 500;

/**
 * The worker's half of a roster import job: runs the import (ImportAccountsUseCase, idempotent:
 * a second run of the same file changes nothing) with its progress written to `roster_imports`,
 * then stores the counts and the row-level report and deletes the file. A job re-run after a
 * crashed worker simply imports again; one that already ended does nothing.
 */
@Injectable()
export class RunRosterImportUseCase {
  private readonly logger = new Logger('activation.roster-import');

  constructor(
    private readonly store: RosterImportStore,
    private readonly importer: ImportAccountsUseCase,
    private readonly pii: PiiService,
    private readonly clock: Clock,
  ) {}

  /** `lastAttempt`: an infrastructure failure now marks the import failed instead of retrying. */
  async execute(cmd: { importId: string; lastAttempt: boolean }): Promise<'done' | 'failed' | 'skipped'> {
    if (!/^\d{1,19}$/.test(String(cmd.importId))) return 'skipped';
    if (!(await this.store.start(cmd.importId, this.clock.now()))) return 'skipped';
    const row = await this.store.find(cmd.importId, true);
    if (!row?.content_cipher) return 'skipped';
    let lastWrite = 0;
    const classes = new Map<string, ImportedClass>();
    try {
      const content = Buffer.from(this.pii.decrypt(row.content_cipher), 'base64');
      const report = await this.importer.execute({
        content,
        actor: row.actor,
        scope: rosterScopeFrom(row.scope_kind, row.scope_value),
        onApplied: ({ schoolId, grade, classNo }) => {
          if (!grade || !classNo) return;
          const key = `${schoolId}|${grade}|${classNo}`;
          const known = classes.get(key);
          if (known) known.count += 1;
          else if (classes.size < CLASSES_MAX) classes.set(key, { schoolId, grade, classNo, count: 1 });
        },
        onProgress: async (done, total) => {
          const now = Date.now();
          if (done < total && now - lastWrite < PROGRESS_INTERVAL_MS) return;
          lastWrite = now;
          await this.store.progress(cmd.importId, done, total);
        },
      });
      const sorted = [...classes.values()].sort(
        (a, b) =>
          a.schoolId.localeCompare(b.schoolId) ||
          Number(a.grade) - Number(b.grade) ||
          a.classNo.localeCompare(b.classNo),
      );
      await this.store.finish(
        cmd.importId,
        report,
        problemReportCsv(report.problems),
        this.clock.now(),
        sorted,
      );
      this.logger.log(
        `roster import ${cmd.importId}: ${report.rows} lines, ${report.created} created, ${report.updated} updated, ${report.problems.length} problems`,
      );
      return 'done';
    } catch (e) {
      if (e instanceof DomainError || cmd.lastAttempt) {
        await this.store.fail(
          cmd.importId,
          e instanceof DomainError ? e.message : 'the import stopped on an internal error',
          this.clock.now(),
        );
        return 'failed';
      }
      throw e;
    }
  }
}
