import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '#identity-core';
import { scopeOf, type StaffMember } from '../../domain/staff-role.js';
import { scopeCondition } from '../../scope/account-scope.js';

export interface DashboardCounts {
  /** Locked accounts within the staff member's scope. */
  lockedAccounts: number;
  /** Service-wide figures: for staff whose scope is every account only (null otherwise). */
  service: {
    signInsToday: number;
    failedSignInsToday: number;
    pendingApplications: number;
    /** Notifications written but not yet handed to the queues. */
    queueDepth: number;
    deadLetters: number;
  } | null;
}

const TAIPEI_OFFSET_MS = 8 * 3600_000;

/**
 * The portal's front page figures, each one indexed COUNT: today (Asia/Taipei) from the audit
 * trail's action index, locked accounts through the scope condition, the applications waiting,
 * the outbox not yet relayed and the dead-lettered deliveries.
 */
@Injectable()
export class DashboardCountsUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(staff: StaffMember): Promise<DashboardCounts> {
    const scope = scopeOf(staff);
    const cond = scopeCondition(scope);
    const count = async (sql: string, params: unknown[] = []) =>
      Number(((await this.db.query(sql, params)) as { n: number | string }[])[0]?.n ?? 0);
    const lockedAccounts = await count(
      `SELECT COUNT(*) AS n FROM accounts a WHERE a.status = 'locked' AND ${cond.sql}`,
      cond.params,
    );
    if (scope.kind !== 'all') return { lockedAccounts, service: null };
    const now = this.clock.now().getTime();
    const today = new Date(Math.floor((now + TAIPEI_OFFSET_MS) / 86_400_000) * 86_400_000 - TAIPEI_OFFSET_MS);
    const [signInsToday, failedSignInsToday, pendingApplications, queueDepth, deadLetters] =
      await Promise.all([
        count(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'login.complete' AND occurred_at >= ?`, [
          today,
        ]),
        count(
          `SELECT COUNT(*) AS n FROM audit_events WHERE action LIKE 'login.%' AND occurred_at >= ? AND result = 'failure'`,
          [today],
        ),
        count(`SELECT COUNT(*) AS n FROM account_applications WHERE status = 'pending'`),
        count('SELECT COUNT(*) AS n FROM notification_outbox WHERE relayed_at IS NULL'),
        count(`SELECT COUNT(*) AS n FROM notification_deliveries WHERE status = 'dead'`),
      ]);
    return {
      lockedAccounts,
      service: { signInsToday, failedSignInsToday, pendingApplications, queueDepth, deadLetters },
    };
  }
}
