import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
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

  /** Pass `manager` to write inside the caller's transaction. */
  async record(event: AuditRecord, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEventEntity) : this.repo;
    await repo.insert({
      occurredAt: this.clock.now(),
      actor: event.actor.slice(0, 128),
      action: event.action,
      target: event.target ?? null,
      result: event.result,
      ip: event.ip ?? null,
      userAgent: event.userAgent?.slice(0, 512) ?? null,
      details: (event.details ?? null) as never,
    });
  }

  async forTarget(target: string, limit = 50): Promise<AuditEventEntity[]> {
    return this.repo.find({ where: { target }, order: { id: 'DESC' }, take: limit });
  }
}
