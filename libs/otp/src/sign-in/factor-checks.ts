import { Injectable } from '@nestjs/common';
import {
  AttemptGate,
  AuditService,
  canLogin,
  Clock,
  DomainError,
  TemporarilyUnavailable,
  type AccountEntity,
  type Attempt,
  type AttemptRefused,
  type AuthContext,
  type SignInOutcome,
} from '#identity-core';
import { OtpSecrets } from '../credentials/otp-secrets.js';
import { SecondFactorsRepository } from '../credentials/second-factors.repository.js';
import { readRecoveryCode } from '../domain/recovery-codes.js';
import { matchTotp } from '../domain/totp.js';

/** Who a code is checked for: an account, or a name that is none (counted under its pseudonym). */
export interface CodeHolder {
  account: AccountEntity | null;
  /** accountSubject(id), or loginSubject(pseudonym) for a name that is no account. */
  subject: string;
  /** `account:<sub>` or `login:<pseudonym>`: what the audit trail names. */
  target: string;
}

/** The factors a code can prove; each has its own AttemptGate counters, apart from the password's. */
export type CodeFactor = 'totp' | 'sms' | 'recovery';

// Checked instead when there is no secret, so that a name without an app costs the same.
const DUMMY_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/**
 * Runs a typed code through the AttemptGate (factor `totp`, `sms` or `recovery`) and answers the
 * sign-in outcome: identified, or rejected with the same reason whether the code was wrong,
 * replayed, or the name is no account or has nothing enrolled. Every check is audited.
 */
@Injectable()
export class FactorChecks {
  constructor(
    private readonly factors: SecondFactorsRepository,
    private readonly secrets: OtpSecrets,
    private readonly gate: AttemptGate,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The authenticator app's code: ±1 step, each step once per account (replay refused). */
  totp(holder: CodeHolder, code: string, ctx: AuthContext): Promise<SignInOutcome> {
    return this.check('totp', holder, ctx, async () => {
      const now = this.clock.now();
      const row = holder.account ? await this.factors.findTotp(holder.account.id) : null;
      const secret = row?.secretCipher ? this.secrets.openTotp(row.secretCipher) : DUMMY_SECRET;
      const step = matchTotp(secret, code, now);
      if (step === null || !row?.secretCipher) return false;
      return this.factors.acceptStep(holder.account!.id, step);
    });
  }

  /** A recovery code of the account, used up by this check. */
  recovery(holder: CodeHolder, input: string, ctx: AuthContext): Promise<SignInOutcome> {
    return this.check('recovery', holder, ctx, async () => {
      const code = readRecoveryCode(input);
      const key = holder.account?.id ?? '0';
      const hash = this.secrets.recoveryHash(key, code ?? '');
      if (!code || !holder.account) return false;
      return this.factors.useRecoveryCode(holder.account.id, hash, this.clock.now());
    });
  }

  /** Any other code check (SMS codes: VerificationCodes), through the same gate and audit. */
  check(
    factor: CodeFactor,
    holder: CodeHolder,
    ctx: AuthContext,
    verify: () => Promise<boolean>,
  ): Promise<SignInOutcome> {
    return this.run(factor, holder, ctx, verify);
  }

  private async run(
    factor: CodeFactor,
    holder: CodeHolder,
    ctx: AuthContext,
    verify: () => Promise<boolean>,
  ): Promise<SignInOutcome> {
    const attempt = await io(() => this.gate.begin({ factor, subject: holder.subject, ip: ctx.ip }));
    if (!attempt.allowed) return this.refused(factor, holder, attempt, ctx);
    let ok: boolean;
    try {
      ok = await verify();
    } catch (e) {
      await attempt.abandon().catch(() => undefined);
      throw e instanceof DomainError ? e : new TemporarilyUnavailable(e);
    }
    if (!ok || !holder.account) return this.failed(factor, holder, attempt, ctx);
    await io(() => attempt.succeed());
    const account = holder.account;
    if (!canLogin(account.status)) {
      await this.record(factor, holder, ctx, 'failure', { reason: 'account_disabled' });
      return { kind: 'rejected', reason: 'account_disabled' };
    }
    await this.record(factor, holder, ctx, 'success', null);
    return { kind: 'identified', account, amr: [factor === 'sms' ? 'sms' : 'otp'] };
  }

  private async failed(
    factor: CodeFactor,
    holder: CodeHolder,
    attempt: Attempt,
    ctx: AuthContext,
  ): Promise<SignInOutcome> {
    const out = await io(() => attempt.fail());
    await this.record(factor, holder, ctx, 'failure', {
      reason: 'invalid_credentials',
      failures: out.failures,
      ...(holder.account ? {} : { unknownAccount: true }),
    });
    if (out.permanent) return { kind: 'rejected', reason: 'locked' };
    const wait = Math.max(out.sourceWaitSeconds ?? 0, out.accountWaitSeconds ?? 0);
    if (wait > 0) {
      await this.audit
        .record({
          actor: 'anonymous',
          action: 'login.lock',
          target: holder.target,
          result: 'success',
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          details: { factor, failures: out.failures, waitSeconds: wait },
        })
        .catch(() => undefined);
      return { kind: 'rejected', reason: 'locked', retryAfterSeconds: wait };
    }
    return { kind: 'rejected', reason: 'invalid_credentials' };
  }

  private async refused(
    factor: CodeFactor,
    holder: CodeHolder,
    r: AttemptRefused,
    ctx: AuthContext,
  ): Promise<SignInOutcome> {
    await this.record(factor, holder, ctx, 'failure', { reason: 'refused', refusal: r.reason });
    if (r.reason === 'ip' || r.reason === 'busy')
      return { kind: 'rejected', reason: 'rate_limited', retryAfterSeconds: r.retryAfterSeconds ?? 1 };
    return r.retryAfterSeconds === null
      ? { kind: 'rejected', reason: 'locked' }
      : { kind: 'rejected', reason: 'locked', retryAfterSeconds: r.retryAfterSeconds };
  }

  private record(
    factor: CodeFactor,
    holder: CodeHolder,
    ctx: AuthContext,
    result: 'success' | 'failure',
    details: Record<string, unknown> | null,
  ): Promise<void> {
    return io(() =>
      this.audit.record({
        actor: result === 'success' ? holder.target : 'anonymous',
        action: `login.${factor}`,
        target: holder.target,
        result,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details,
      }),
    );
  }
}

async function io<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw e instanceof DomainError ? e : new TemporarilyUnavailable(e);
  }
}
