import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { Clock } from '../../time/clock.js';
import {
  AUDIT_CHAIN_GENESIS,
  type AuditChainProblem,
  type AuditVerificationResult,
} from './audit-chain.types.js';

interface ChainRow {
  id: string;
  seq: string;
  prev_hash: string;
  hash: string;
  expected: string;
}

const PAGE = 5000;
const MAX_PROBLEMS = 20;

/**
 * `audit:verify`: walks the audit chain in sequence order and names what was edited, deleted or
 * inserted since the rows were written. It reads one consistent snapshot (rows and chain head
 * together), so writers carrying on meanwhile are never mistaken for tampering. The hash is
 * recomputed by the database's own `audit_event_hash`, the function the insert trigger used.
 * The result is stored in `audit_verifications` (the dashboard's "last verification", and the
 * anchor the next run checks: a chain rewritten wholesale after a verification is still caught).
 */
@Injectable()
export class VerifyAuditChainUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { actor: string }): Promise<AuditVerificationResult> {
    const startedAt = this.clock.now();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let result: Omit<AuditVerificationResult, 'startedAt' | 'finishedAt' | 'ok'>;
    try {
      await runner.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await runner.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
      try {
        result = await this.walk(runner);
      } finally {
        await runner.query('ROLLBACK');
      }
    } finally {
      await runner.release();
    }
    const finishedAt = this.clock.now();
    const ok = result.problems.length === 0;
    await this.dataSource.query(
      `INSERT INTO audit_verifications
         (started_at, finished_at, ok, rows_checked, head_seq, head_hash, problem, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        startedAt,
        finishedAt,
        ok ? 1 : 0,
        result.rowsChecked,
        result.headSeq,
        result.headHash,
        result.problems[0]?.message.slice(0, 512) ?? null,
        cmd.actor.slice(0, 128),
      ],
    );
    await this.audit.record({
      actor: cmd.actor,
      action: 'audit.verify',
      result: ok ? 'success' : 'failure',
      details: { rows: result.rowsChecked, headSeq: result.headSeq, problems: result.problems.length },
    });
    return { ok, startedAt, finishedAt, ...result };
  }

  private async walk(
    q: QueryRunner,
  ): Promise<Omit<AuditVerificationResult, 'startedAt' | 'finishedAt' | 'ok'>> {
    const problems: AuditChainProblem[] = [];
    const note = (p: AuditChainProblem) => problems.length < MAX_PROBLEMS && problems.push(p);
    const [head] = (await q.query('SELECT seq, hash FROM audit_chain_head WHERE id = 1')) as {
      seq: string;
      hash: string;
    }[];
    const anchor = await this.lastGoodAnchor(q);
    const headSeq = head ? BigInt(head.seq) : 0n;

    let expectSeq = 1n;
    let prevHash = AUDIT_CHAIN_GENESIS;
    let prevId: string | null = null;
    let rowsChecked = 0;
    let last: ChainRow | undefined;
    for (;;) {
      const rows = (await q.query(
        `SELECT id, seq, prev_hash, hash,
                audit_event_hash(seq, prev_hash, occurred_at, actor, action, target, result, ip,
                                 user_agent, details) AS expected
           FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?`,
        [String(expectSeq), String(headSeq), PAGE],
      )) as ChainRow[];
      for (const row of rows) {
        const seq = BigInt(row.seq);
        const after = prevId ? `after row ${prevId}` : 'at the start of the chain';
        if (seq > expectSeq) {
          const missing = seq - 1n === expectSeq ? `seq ${expectSeq} is` : `seq ${expectSeq}–${seq - 1n} are`;
          note({
            kind: 'deleted',
            id: null,
            seq: String(expectSeq),
            message: `deleted: ${missing} missing ${after}, before row ${row.id}`,
          });
        } else if (row.prev_hash !== prevHash) {
          note({
            kind: 'relinked',
            id: row.id,
            seq: row.seq,
            message: `inserted or re-hashed: row ${row.id} (seq ${row.seq}) does not follow ${
              prevId ? `row ${prevId}` : 'the start of the chain'
            }`,
          });
        }
        if (row.hash !== row.expected)
          note({
            kind: 'edited',
            id: row.id,
            seq: row.seq,
            message: `edited: row ${row.id} (seq ${row.seq})`,
          });
        if (anchor && seq === anchor.seq && row.hash !== anchor.hash)
          note({
            kind: 'rewritten',
            id: row.id,
            seq: row.seq,
            message: `rewritten: row ${row.id} (seq ${row.seq}) differs from what the verification of ${anchor.at.toISOString()} saw`,
          });
        prevHash = row.hash;
        prevId = row.id;
        expectSeq = seq + 1n;
        rowsChecked++;
        last = row;
      }
      if (rows.length < PAGE) break;
    }

    // The snapshot holds no row written after the head it read: one beyond it skipped the trigger.
    const [beyond] = (await q.query('SELECT id, seq FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 1', [
      String(headSeq),
    ])) as { id: string; seq: string }[];
    if (beyond) {
      note({
        kind: 'inserted',
        id: beyond.id,
        seq: beyond.seq,
        message: `inserted: row ${beyond.id} (seq ${beyond.seq}) lies beyond the chain's head (seq ${headSeq})`,
      });
    } else if (expectSeq - 1n < headSeq) {
      note({
        kind: 'deleted',
        id: null,
        seq: String(expectSeq),
        message: `deleted: seq ${expectSeq}–${headSeq} are missing at the end${prevId ? `, after row ${prevId}` : ''}`,
      });
    } else if (head && last && last.hash !== head.hash) {
      note({
        kind: 'relinked',
        id: last.id,
        seq: last.seq,
        message: `re-hashed: row ${last.id} (seq ${last.seq}) is not the chain's head`,
      });
    }
    if (anchor && anchor.seq > BigInt(last?.seq ?? 0)) {
      note({
        kind: 'deleted',
        id: null,
        seq: String(anchor.seq),
        message: `deleted: seq ${anchor.seq}, seen by the verification of ${anchor.at.toISOString()}, is gone`,
      });
    }

    const outside = (await q.query(
      `SELECT id FROM audit_events WHERE seq IS NULL OR hash IS NULL OR prev_hash IS NULL ORDER BY id LIMIT ?`,
      [MAX_PROBLEMS],
    )) as { id: string }[];
    for (const row of outside)
      note({
        kind: 'inserted',
        id: row.id,
        seq: null,
        message: `inserted: row ${row.id} is outside the chain`,
      });

    return {
      rowsChecked: rowsChecked + outside.length,
      headSeq: head ? String(head.seq) : null,
      headHash: head?.hash ?? null,
      problems,
    };
  }

  /** The head the last successful verification saw: it must still be there, unchanged. */
  private async lastGoodAnchor(q: QueryRunner): Promise<{ seq: bigint; hash: string; at: Date } | null> {
    const [row] = (await q.query(
      `SELECT head_seq, head_hash, finished_at FROM audit_verifications
        WHERE ok = 1 AND head_seq IS NOT NULL AND head_seq > 0 ORDER BY id DESC LIMIT 1`,
    )) as { head_seq: string; head_hash: string; finished_at: Date }[];
    return row ? { seq: BigInt(row.head_seq), hash: row.head_hash, at: new Date(row.finished_at) } : null;
  }
}
