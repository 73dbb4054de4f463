import type { ImportedClass, RosterImportStatus } from '../../roster-import/roster-import.store.js';

/** What the uploader sees of a roster import (a progress bar: `done` of `total` lines). */
export interface RosterImportView {
  id: string;
  status: RosterImportStatus;
  fileName: string | null;
  encoding: string | null;
  total: number;
  done: number;
  /** 0–100. */
  percent: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Lines refused; their reasons are in the report (RosterImportReportUseCase). */
  refused: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The classes (school × grade × class) of the lines it applied, once done. */
  classes: ImportedClass[];
}
