import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Like, type EntityManager, type Repository } from 'typeorm';
import { directQuery } from '#database';
import { isInfrastructureFailure } from '#platform';
import { AuditEventEntity } from '../entities/audit-event.entity.js';
import { Clock } from '../time/clock.js';

export interface AuditRecord {
  /** Who acted: `account:<sub>`, `admin:<name>`, `client:<id>`, `cli`, `anonymous`. */
  actor: string;
  /** Dotted verb, e.g. `login.password`, `account.create`. */
  action: string;
  /** What it acted on, e.g. `account:<sub>`; never a raw national ID or secret. */
  target?: string | null;
  result: 'success' | 'failure';
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown> | null;
}

type AuditRow = unknown[];

/** Rows waiting for the next group INSERT, and who waits for each set of them. */
interface PendingBatch {
  rows: number;
  parts: { rows: AuditRow[]; resolve: () => void; reject: (e: unknown) => void }[];
}

/** A group INSERT takes at most this many rows; more start the next group at once. */
const MAX_GROUP_ROWS = 500;

/**
 * The one way every feature writes audit events.
 *
 * Outside a transaction, events are written by group commit: those recorded during one turn of
 * the event loop (concurrent requests: a busy idp records several per turn) go to MySQL as one
 * multi-row INSERT, and each caller's promise settles when that INSERT has. Nothing is
 * acknowledged before it is stored. If the group fails for a reason other than the database
 * being unreachable (one bad row), each caller's events are written again on their own, so only
 * the bad one fails. The chain trigger still links every row, in order.
 */
@Injectable()
export class AuditService {
  private pending: PendingBatch | null = null;

  constructor(
    @InjectRepository(AuditEventEntity) private readonly repo: Repository<AuditEventEntity>,
    private readonly clock: Clock,
  ) {}

  /**
   * Pass `manager` to write inside the caller's transaction, as its last statement if you can:
   * the audit chain's head stays locked from this insert until that transaction ends. Plain SQL:
   * this runs on every login, and the query builder costs more CPU than the insert itself.
   */
  async record(event: AuditRecord, manager?: EntityManager): Promise<void> {
    await this.recordMany([event], manager);
  }

  /** Several events in one INSERT (bulk work: one short hold of the chain's head lock). */
  async recordMany(events: readonly AuditRecord[], manager?: EntityManager): Promise<void> {
    if (!events.length) return;
    const now = this.clock.now();
    const rows = events.map((event): AuditRow => [
      now,
      event.actor.slice(0, 128),
      event.action,
      event.target ?? null,
      event.result,
      event.ip ?? null,
      event.userAgent?.slice(0, 512) ?? null,
      event.details ? JSON.stringify(event.details) : null,
    ]);
    if (manager) {
      await manager.query(insertSql(rows.length), rows.flat());
      return;
    }
    await new Promise<void>((resolve, reject) => {
      if (!this.pending || this.pending.rows + rows.length > MAX_GROUP_ROWS) {
        const batch: PendingBatch = { rows: 0, parts: [] };
        this.pending = batch;
        setImmediate(() => void this.flush(batch));
      }
      this.pending.rows += rows.length;
      this.pending.parts.push({ rows, resolve, reject });
    });
  }

  private async flush(batch: PendingBatch): Promise<void> {
    if (this.pending === batch) this.pending = null;
    const ds = this.repo.manager.connection;
    const all = batch.parts.flatMap((p) => p.rows);
    try {
      await directQuery(ds, insertSql(all.length), all.flat());
      for (const p of batch.parts) p.resolve();
    } catch (e) {
      if (batch.parts.length === 1 || isInfrastructureFailure(e)) {
        for (const p of batch.parts) p.reject(e);
        return;
      }
      for (const p of batch.parts)
        await directQuery(ds, insertSql(p.rows.length), p.rows.flat()).then(p.resolve, p.reject);
    }
  }

  /** The latest sign-in events (`login.*`: each factor checked, each login completed) of a target. */
  signIns(target: string, limit = 20): Promise<AuditEventEntity[]> {
    return this.repo.find({ where: { target, action: Like('login.%') }, order: { id: 'DESC' }, take: limit });
  }

  async forTarget(target: string, limit = 50): Promise<AuditEventEntity[]> {
    return this.repo.find({ where: { target }, order: { id: 'DESC' }, take: limit });
  }
}

function insertSql(rows: number): string {
  return `INSERT INTO audit_events (occurred_at, actor, action, target, result, ip, user_agent, details)
       VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
}
