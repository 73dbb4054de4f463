import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Like, type EntityManager, type Repository } from 'typeorm';
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

/** The one way every feature writes audit events. */
@Injectable()
export class AuditService {
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
    await (manager ?? this.repo.manager).query(
      `INSERT INTO audit_events (occurred_at, actor, action, target, result, ip, user_agent, details)
       VALUES ${events.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      events.flatMap((event) => [
        now,
        event.actor.slice(0, 128),
        event.action,
        event.target ?? null,
        event.result,
        event.ip ?? null,
        event.userAgent?.slice(0, 512) ?? null,
        event.details ? JSON.stringify(event.details) : null,
      ]),
    );
  }

  /** The latest sign-in events (`login.*`: each factor checked, each login completed) of a target. */
  signIns(target: string, limit = 20): Promise<AuditEventEntity[]> {
    return this.repo.find({ where: { target, action: Like('login.%') }, order: { id: 'DESC' }, take: limit });
  }

  async forTarget(target: string, limit = 50): Promise<AuditEventEntity[]> {
    return this.repo.find({ where: { target }, order: { id: 'DESC' }, take: limit });
  }
}
