import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, LastAuditVerificationUseCase, type AuditVerificationRecord } from '#identity-core';
import { scopeOf, type StaffMember } from '../../domain/staff-role.js';
import { scopeCondition } from '../../scope/account-scope.js';

/** How a sign-in began (its first factor, from the completed sign-in's `amr`). */
export const SIGN_IN_METHODS = ['password', 'otp', 'county', 'certificate', 'mobile', 'other'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** RFC 8176 `amr` values of a completed sign-in → the method it began with. */
export function signInMethodOf(amr: readonly string[]): SignInMethod {
  if (amr.includes('pwd')) return 'password';
  if (amr.includes('fed')) return 'county';
  if (amr.includes('sc') || amr.includes('hwk')) return 'certificate';
  if (amr.includes('swk')) return 'mobile';
  if (amr.includes('otp') || amr.includes('sms')) return 'otp';
  return 'other';
}

export interface DashboardCounts {
  /** Locked accounts within the staff member's scope. */
  lockedAccounts: number;
  /** Service-wide figures: for staff whose scope is every account only (null otherwise). */
  service: {
    signInsToday: number;
    /** Completed sign-ins today by the method they began with. */
    signInsByMethod: Record<SignInMethod, number>;
    failedSignInsToday: number;
    /** Today's failures by step (`login.password`, `login.totp`, `login.lock` …). */
    failuresByStep: Record<string, number>;
    pendingApplications: number;
    /** Notifications written but not yet handed to the queues. */
    queueDepth: number;
    deadLetters: number;
    /** The latest `audit:verify` run (when, result, first problem), or null when none ran yet. */
    lastVerification: AuditVerificationRecord | null;
  } | null;
}

const TAIPEI_OFFSET_MS = 8 * 3600_000;

/**
 * The portal's front page figures, each one indexed COUNT: today (Asia/Taipei) from the audit
 * trail's action index, locked accounts through the scope condition, the applications waiting,
 * the outbox not yet relayed and the dead-lettered deliveries. Sign-ins by method: today's
 * `login.complete` events (a range of `ix_audit_action (action, occurred_at)`), grouped by their
 * `amr` (a handful of distinct lists); failures: the `login.%` prefix range of the same index with
 * the day checked in the index (`result` read from the row). The last audit verification is what
 * `audit:last-verification` prints.
 */
@Injectable()
export class DashboardCountsUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly lastVerification: LastAuditVerificationUseCase,
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
    const [byAmr, failures, pendingApplications, queueDepth, deadLetters, lastVerification] =
      await Promise.all([
        this.db.query(
          `SELECT JSON_EXTRACT(details, '$.amr') AS amr, COUNT(*) AS n FROM audit_events
            WHERE action = 'login.complete' AND occurred_at >= ? GROUP BY amr`,
          [today],
        ) as Promise<{ amr: string | null; n: number | string }[]>,
        this.db.query(
          `SELECT action, COUNT(*) AS n FROM audit_events
            WHERE action LIKE 'login.%' AND occurred_at >= ? AND result = 'failure' GROUP BY action`,
          [today],
        ) as Promise<{ action: string; n: number | string }[]>,
        count(`SELECT COUNT(*) AS n FROM account_applications WHERE status = 'pending'`),
        count('SELECT COUNT(*) AS n FROM notification_outbox WHERE relayed_at IS NULL'),
        count(`SELECT COUNT(*) AS n FROM notification_deliveries WHERE status = 'dead'`),
        this.lastVerification.execute(),
      ]);
    const signInsByMethod = Object.fromEntries(SIGN_IN_METHODS.map((m) => [m, 0])) as Record<
      SignInMethod,
      number
    >;
    for (const row of byAmr) signInsByMethod[signInMethodOf(parseAmr(row.amr))] += Number(row.n);
    const failuresByStep = Object.fromEntries(failures.map((f) => [f.action, Number(f.n)]));
    return {
      lockedAccounts,
      service: {
        signInsToday: Object.values(signInsByMethod).reduce((a, b) => a + b, 0),
        signInsByMethod,
        failedSignInsToday: Object.values(failuresByStep).reduce((a, b) => a + b, 0),
        failuresByStep,
        pendingApplications,
        queueDepth,
        deadLetters,
        lastVerification,
      },
    };
  }
}

function parseAmr(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string') return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}
