import { Inject, Injectable } from '@nestjs/common';
import {
  AttemptGate,
  AuditService,
  Clock,
  TooManyAttempts,
  ValidationFailed,
  accountSubject,
  type AuthContext,
  type FailureOutcome,
} from '#identity-core';
import { ResetChallengeRepository } from '../../challenges/reset-challenge.repository.js';
import type { ResetChallengeEntity } from '../../challenges/reset-challenge.entity.js';
import { ResetCodeUnusable, ResetCodeWrong, ResetFlowExpired } from '../../domain/reset-errors.js';
import { PASSWORD_RESET_OPTIONS, type ResolvedPasswordResetOptions } from '../../password-reset.options.js';
import { CODE_PATTERN, ResetSecrets, TOKEN_PATTERN } from '../../secrets/reset-secrets.js';

/** The AttemptGate factor of reset codes: its own counters, apart from the password's. */
export const RESET_CODE_FACTOR = 'pwreset-code';

/** Whose counters: the account's (by id, as its password's), or the unknown identifier's pseudonym. */
export function resetCodeSubject(challenge: Pick<ResetChallengeEntity, 'accountId' | 'subject'>): string {
  return challenge.accountId !== null ? accountSubject(challenge.accountId) : `r:${challenge.subject}`;
}

/** `１２３ ４５６`, `123-456` → `123456`: what people type from an SMS. */
export function normalizeCode(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '');
}

/**
 * Step 3 (SMS): the 6-digit code. Two counters: this code allows `codeMaxAttempts` entries, and the
 * account's counters in the AttemptGate span every code (NIST 800-63B: sending a new code does not
 * reset them), with growing waits. The entry is counted before the check and the gate holds a
 * place for it, so parallel guesses cannot slip past either counter. A right code gives a fresh
 * ticket for the new password.
 */
@Injectable()
export class VerifyResetCodeUseCase {
  constructor(
    private readonly challenges: ResetChallengeRepository,
    private readonly secrets: ResetSecrets,
    private readonly gate: AttemptGate,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(PASSWORD_RESET_OPTIONS) private readonly options: ResolvedPasswordResetOptions,
  ) {}

  async execute(cmd: { ticket: unknown; code: string; ctx: AuthContext }): Promise<{ ticket: string }> {
    if (typeof cmd.ticket !== 'string' || !TOKEN_PATTERN.test(cmd.ticket)) throw new ResetFlowExpired();
    const code = normalizeCode(cmd.code);
    if (code === '') throw new ValidationFailed([{ field: 'code', code: 'required' }]);
    if (!CODE_PATTERN.test(code)) throw new ValidationFailed([{ field: 'code', code: 'format' }]);

    const tokenHash = this.secrets.hashToken(cmd.ticket);
    const challenge = await this.challenges.findByTokenHash(tokenHash);
    if (!challenge || challenge.channel !== 'sms' || challenge.verifiedAt) throw new ResetFlowExpired();
    const now = this.clock.now();
    const max = this.options.codeMaxAttempts;
    if (challenge.usedAt || challenge.expiresAt.getTime() <= now.getTime())
      throw new ResetCodeUnusable('expired');
    if (challenge.attempts >= max) throw new ResetCodeUnusable('exhausted');

    const attempt = await this.gate.begin({
      factor: RESET_CODE_FACTOR,
      subject: resetCodeSubject(challenge),
      ip: cmd.ctx.ip,
    });
    if (!attempt.allowed) throw new TooManyAttempts(attempt.retryAfterSeconds, 'failures');
    let counted: boolean;
    try {
      counted = await this.challenges.countAttempt(challenge.id, max, now);
    } catch (e) {
      await attempt.abandon().catch(() => undefined);
      throw e;
    }
    if (!counted) {
      // Lost a race with another entry (or the deadline passed meanwhile): say which.
      await attempt.abandon();
      const fresh = await this.challenges.findByTokenHash(tokenHash);
      throw new ResetCodeUnusable(fresh && fresh.attempts >= max ? 'exhausted' : 'expired');
    }

    // The send event links the challenge to its account (or pseudonym).
    const target = `password_reset:${challenge.id}`;
    const ok =
      challenge.accountId !== null &&
      challenge.codeHmac !== null &&
      this.secrets.codeMatches(challenge.codeHmac, tokenHash, code);
    if (!ok) {
      const out = await attempt.fail();
      const remaining = Math.max(0, max - challenge.attempts - 1);
      await this.audit.record({
        actor: 'anonymous',
        action: 'password_reset.code',
        target,
        result: 'failure',
        ip: cmd.ctx.ip,
        userAgent: cmd.ctx.userAgent,
        details: { remaining, failures: out.failures, lock: lockOf(out) },
      });
      throw new ResetCodeWrong(remaining);
    }

    await attempt.succeed();
    const ticket = this.secrets.newToken();
    const expiresAt = new Date(now.getTime() + this.options.ticketTtlMinutes * 60_000);
    if (!(await this.challenges.markVerified(challenge.id, this.secrets.hashToken(ticket), now, expiresAt)))
      throw new ResetCodeUnusable('expired');
    await this.audit.record({
      actor: 'anonymous',
      action: 'password_reset.code',
      target,
      result: 'success',
      ip: cmd.ctx.ip,
      userAgent: cmd.ctx.userAgent,
    });
    return { ticket };
  }
}

/** The lock a failure started, in the words of the audit trail. */
function lockOf(out: FailureOutcome): 'none' | 'temporary' | 'permanent' {
  if (out.permanent) return 'permanent';
  return out.sourceWaitSeconds !== null || out.accountWaitSeconds !== null ? 'temporary' : 'none';
}
