import { Injectable } from '@nestjs/common';
import { AuditService } from '#identity-core';

export interface SignInRecord {
  at: Date;
  /** `pwd`, `totp`, `sms`, `recovery` for one factor checked; `complete` for a finished sign-in. */
  method: string;
  outcome: 'success' | 'failure';
  /** For a finished sign-in: the factors used (amr). */
  amr: string[];
  ip: string | null;
  userAgent: string | null;
}

const METHOD: Record<string, string> = {
  'login.password': 'pwd',
  'login.totp': 'totp',
  'login.sms': 'sms',
  'login.recovery': 'recovery',
  'login.complete': 'complete',
};

/** The last 20 sign-in events of the holder's account, newest first: each factor tried, each sign-in done. */
@Injectable()
export class RecentSignInsUseCase {
  constructor(private readonly audit: AuditService) {}

  async execute(sub: string, limit = 20): Promise<SignInRecord[]> {
    const events = await this.audit.signIns(`account:${sub}`, limit * 2);
    return events
      .filter((e) => METHOD[e.action])
      .slice(0, limit)
      .map((e) => ({
        at: e.occurredAt,
        method: METHOD[e.action]!,
        outcome: e.result,
        amr: Array.isArray(e.details?.amr) ? (e.details.amr as unknown[]).map(String) : [],
        ip: e.ip,
        userAgent: e.userAgent,
      }));
  }
}
