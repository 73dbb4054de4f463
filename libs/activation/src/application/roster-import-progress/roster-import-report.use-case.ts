import { Injectable } from '@nestjs/common';
import { DomainError } from '#identity-core';
import { RosterImportStore } from '../../roster-import/roster-import.store.js';
import { findOwned } from './roster-import-progress.use-case.js';

/** The row-level error report of a finished import, as a CSV download (line, field, code, message). */
@Injectable()
export class RosterImportReportUseCase {
  constructor(private readonly store: RosterImportStore) {}

  async execute(cmd: { id: string; owner?: string }): Promise<{ fileName: string; csv: string }> {
    const row = await findOwned(this.store, cmd);
    if (row.status !== 'done' || row.report === null)
      throw new DomainError('import_not_finished', `roster import ${row.id} is ${row.status}`);
    return { fileName: `roster-import-${row.id}-problems.csv`, csv: row.report };
  }
}
