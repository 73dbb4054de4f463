import { Inject, Injectable } from '@nestjs/common';
import { AuditService, BruteForceGuard, Clock, ValidationFailed, type AuthContext } from '#identity-core';
import { ResetChallengeRepository } from '../../challenges/reset-challenge.repository.js';
import {
  ResetCodeThrottled,
  ResetCodeUnusable,
  ResetCodeWrong,
  ResetFlowExpired,
} from '../../domain/reset-errors.js';
import { PASSWORD_RESET_OPTIONS, type ResolvedPasswordResetOptions } from '../../password-reset.options.js';
import { CODE_PATTERN, ResetSecrets, TOKEN_PATTERN } from '../../secrets/reset-secrets.js';

/** The BruteForceGuard factor of reset codes: its own counter, apart from the password's. */
export const RESET_CODE_FACTOR = 'pwreset-code';

/** `１２３ ４５６`, `123-456` → `123456`: what people type from an SMS. */
export function normalizeCode(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '');
}

/**
 * Step 3 (SMS): the 6-digit code. Two counters: this code allows `codeMaxAttempts` entries, and the
 * account's counter in BruteForceGuard spans every code (NIST 800-63B: sending a new code does not
 * reset it), with growing waits. The attempt is counted before the check, so parallel guesses
 * cannot slip past either counter. A right code gives a fresh ticket for the new password.
 */
@Injectable()
export class VerifyResetCodeUseCase {
  constructor(
    private readonly challenges: ResetChallengeRepository,
    private readonly secrets: ResetSecrets,
    private readonly guard: BruteForceGuard,
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

    const attempt = await this.guard.attempt(RESET_CODE_FACTOR, challenge.subject);
    if (!attempt.allowed) throw new ResetCodeThrottled(attempt.retryAfterSeconds);
    if (!(await this.challenges.countAttempt(challenge.id, max, now))) {
      // Lost a race with another entry (or the deadline passed meanwhile): say which.
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
      const remaining = Math.max(0, max - challenge.attempts - 1);
      await this.audit.record({
        actor: 'anonymous',
        action: 'password_reset.code',
        target,
        result: 'failure',
        ip: cmd.ctx.ip,
        userAgent: cmd.ctx.userAgent,
        details: { remaining, failures: attempt.ifFailed.failures, lock: attempt.ifFailed.lock },
      });
      throw new ResetCodeWrong(remaining);
    }

    await this.guard.reset(RESET_CODE_FACTOR, challenge.subject);
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
