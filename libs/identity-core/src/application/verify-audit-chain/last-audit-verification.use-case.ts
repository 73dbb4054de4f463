import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditVerificationRecord } from './audit-chain.types.js';

/** The latest `audit:verify` run (time, result, first problem), for the admin dashboard. */
@Injectable()
export class LastAuditVerificationUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<AuditVerificationRecord | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, ok, started_at, finished_at, rows_checked, head_seq, head_hash, problem, actor
         FROM audit_verifications ORDER BY id DESC LIMIT 1`,
    )) as Record<string, unknown>[];
    if (!row) return null;
    return {
      id: String(row.id),
      ok: Number(row.ok) === 1,
      startedAt: new Date(row.started_at as Date),
      finishedAt: new Date(row.finished_at as Date),
      rowsChecked: Number(row.rows_checked),
      headSeq: row.head_seq === null ? null : String(row.head_seq),
      headHash: (row.head_hash as string | null) ?? null,
      problem: (row.problem as string | null) ?? null,
      actor: String(row.actor),
    };
  }
}
