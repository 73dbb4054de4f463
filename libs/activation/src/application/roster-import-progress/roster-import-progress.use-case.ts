import { Injectable } from '@nestjs/common';
import { NotFound, ValidationFailed } from '#identity-core';
import { RosterImportStore, type RosterImportRow } from '../../roster-import/roster-import.store.js';
import type { RosterImportView } from './roster-import-view.js';

/**
 * `roster:status` and the admin progress bar. `owner`, when given, limits the answer to that
 * actor's imports (the portal passes the staff member unless their role sees every import);
 * another's import is "not found", like one that does not exist.
 */
@Injectable()
export class RosterImportProgressUseCase {
  constructor(private readonly store: RosterImportStore) {}

  async execute(cmd: { id: string; owner?: string }): Promise<RosterImportView> {
    const row = await findOwned(this.store, cmd);
    const percent = row.total ? Math.floor((row.done * 100) / row.total) : row.status === 'done' ? 100 : 0;
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return {
      id: String(row.id),
      status: row.status,
      fileName: row.file_name,
      encoding: row.encoding,
      total: Number(row.total),
      done: Number(row.done),
      percent,
      created: Number(row.created),
      updated: Number(row.updated),
      unchanged: Number(row.unchanged),
      refused: Number(row.refused),
      error: row.error,
      createdAt: new Date(row.created_at).toISOString(),
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      classes: row.classes ? (JSON.parse(row.classes) as RosterImportView['classes']) : [],
    };
  }
}

export async function findOwned(
  store: RosterImportStore,
  cmd: { id: string; owner?: string },
): Promise<RosterImportRow> {
  if (!/^\d{1,19}$/.test(String(cmd.id))) throw new ValidationFailed([{ field: 'id', code: 'format' }]);
  const row = await store.find(String(cmd.id));
  if (!row || (cmd.owner !== undefined && row.actor !== cmd.owner)) throw new NotFound('roster import');
  return row;
}
