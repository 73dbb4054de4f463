import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, AuditService, type AuditEventEntity } from '#identity-core';
import { scopeOf, type StaffMember } from '../../domain/staff-role.js';
import { scopeCondition } from '../../scope/account-scope.js';

export const AUDIT_PAGE_SIZE = 50;
const EXPORT_BATCH = 1000;
const MAX_FILTER = 128;
const TAIPEI = '+08:00';

/** What the audit log page filters by, as typed (all optional; anything else is ignored). */
export interface AuditFilters {
  /** A staff or account username, or a raw actor (`admin:…`, `account:…`, `cli`, `system`). */
  actor: string;
  /** An account's username or sub, or a raw target (`account:…`, `client:…`). */
  target: string;
  action: string;
  /** Days (YYYY-MM-DD) in Asia/Taipei, both included. */
  from: string;
  to: string;
}

export interface AuditLogPage {
  events: AuditEventEntity[];
  /** The `before` cursor of the next (older) page, or null at the end. */
  next: string | null;
}

export interface AuditExportRequest {
  staff: StaffMember;
  ip: string | null;
  userAgent: string | null;
}

interface Row {
  id: string;
  occurred_at: Date;
  actor: string;
  action: string;
  target: string | null;
  result: 'success' | 'failure';
  ip: string | null;
  user_agent: string | null;
  details: string | Record<string, unknown> | null;
}

type Where = { sql: string; params: unknown[] } | 'nothing';

/** Reads the filters from a query string or form: strings only, trimmed, bounded. */
export function readAuditFilters(input: Record<string, unknown>): AuditFilters {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, MAX_FILTER) : '');
  const day = (v: unknown) => {
    const s = text(v);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00${TAIPEI}`)) ? s : '';
  };
  return {
    actor: text(input.actor),
    target: text(input.target),
    action: text(input.action),
    from: day(input.from),
    to: day(input.to),
  };
}

/**
 * The portal's audit log: events newest first, filtered, a page at a time by keyset on the
 * primary key (`id < before`, never OFFSET: page 10 000 costs what page 1 does), and the whole
 * filtered set as batches for the CSV export. County and school admins see only events whose
 * target is an account in their scope (the one `scopeCondition`); helpdesk and superadmin see
 * all. The scope comes from the staff member, never from the request, and every value is a
 * parameter: a filter can narrow what is shown, never widen it.
 */
@Injectable()
export class SearchAuditUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditService,
  ) {}

  async page(staff: StaffMember, filters: AuditFilters, before?: unknown): Promise<AuditLogPage> {
    const where = await this.where(staff, filters);
    if (where === 'nothing') return { events: [], next: null };
    const cursor = typeof before === 'string' && /^\d{1,20}$/.test(before) ? before : null;
    const rows = await this.select(where, cursor, AUDIT_PAGE_SIZE + 1);
    const events = rows.slice(0, AUDIT_PAGE_SIZE);
    return { events, next: rows.length > AUDIT_PAGE_SIZE ? events[events.length - 1]!.id : null };
  }

  /**
   * The export: recorded first (who, which filters), then every matching event, newest first, in
   * batches (the caller streams them out; memory stays one batch whatever the table's size).
   */
  async *export(who: AuditExportRequest, filters: AuditFilters): AsyncGenerator<AuditEventEntity[]> {
    await this.audit.record({
      actor: `admin:${who.staff.username ?? who.staff.sub}`,
      action: 'helpdesk.audit-export',
      result: 'success',
      ip: who.ip,
      userAgent: who.userAgent,
      details: { role: who.staff.role, filters: { ...filters } },
    });
    const where = await this.where(who.staff, filters);
    if (where === 'nothing') return;
    let cursor: string | null = null;
    for (;;) {
      const rows = await this.select(where, cursor, EXPORT_BATCH);
      if (rows.length) yield rows;
      if (rows.length < EXPORT_BATCH) return;
      cursor = rows[rows.length - 1]!.id;
    }
  }

  private async select(where: { sql: string; params: unknown[] }, before: string | null, limit: number) {
    const rows: Row[] = await this.db.query(
      `SELECT e.id, e.occurred_at, e.actor, e.action, e.target, e.result, e.ip, e.user_agent, e.details
         FROM audit_events e
        WHERE ${where.sql}${before ? ' AND e.id < ?' : ''}
        ORDER BY e.id DESC LIMIT ?`,
      [...where.params, ...(before ? [before] : []), limit],
    );
    return rows.map(toEvent);
  }

  /** The WHERE clause of the filters and the staff member's scope, or 'nothing' when no row can match. */
  private async where(staff: StaffMember, f: AuditFilters): Promise<Where> {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (f.actor) {
      const actors = await this.actorsOf(f.actor);
      parts.push(`e.actor IN (${actors.map(() => '?').join(', ')})`);
      params.push(...actors);
    }
    if (f.target) {
      const target = await this.targetOf(f.target);
      if (!target) return 'nothing';
      parts.push('e.target = ?');
      params.push(target);
    }
    if (f.action) {
      parts.push('e.action = ?');
      params.push(f.action);
    }
    if (f.from) {
      parts.push('e.occurred_at >= ?');
      params.push(new Date(`${f.from}T00:00:00${TAIPEI}`));
    }
    if (f.to) {
      parts.push('e.occurred_at < ?');
      params.push(new Date(Date.parse(`${f.to}T00:00:00${TAIPEI}`) + 86_400_000));
    }
    const scope = scopeOf(staff);
    if (scope.kind !== 'all') {
      // `account:<sub>`: the sub starts at the 9th character.
      const cond = scopeCondition(scope);
      parts.push(`e.target LIKE 'account:%' AND EXISTS (SELECT 1 FROM accounts a
        WHERE a.sub = SUBSTRING(e.target, 9) AND ${cond.sql})`);
      params.push(...cond.params);
    }
    return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
  }

  /** Staff act as `admin:<username>`, account holders as `account:<sub>`: a username finds both. */
  private async actorsOf(input: string): Promise<string[]> {
    if (input.includes(':')) return [input];
    const account = await this.accounts.findByLogin(input).catch(() => null);
    // The input itself too: `cli`, `system`, `anonymous` and `test` are actors without a colon.
    const actors = new Set([input, `admin:${input}`]);
    if (account) {
      actors.add(`account:${account.sub}`);
      actors.add(`admin:${account.username ?? account.sub}`);
    }
    return [...actors];
  }

  private async targetOf(input: string): Promise<string | null> {
    if (input.includes(':')) return input;
    if (/^[0-9a-f-]{36}$/.test(input)) return `account:${input}`;
    const account = await this.accounts.findByLogin(input).catch(() => null);
    return account ? `account:${account.sub}` : null;
  }
}

function toEvent(r: Row): AuditEventEntity {
  let details: Record<string, unknown> | null = null;
  if (typeof r.details === 'string') {
    try {
      details = JSON.parse(r.details) as Record<string, unknown>;
    } catch {
      details = null;
    }
  } else details = r.details;
  return {
    id: String(r.id),
    occurredAt: new Date(r.occurred_at),
    actor: r.actor,
    action: r.action,
    target: r.target,
    result: r.result,
    ip: r.ip,
    userAgent: r.user_agent,
    details,
    seq: null,
    prevHash: null,
    hash: null,
  };
}
