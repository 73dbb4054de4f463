import { DomainError } from '#identity-core';

/**
 * What can go wrong in a reset, each with a stable code the app turns into a message. None of them
 * depends on whether an account exists: unknown identifiers run through the same states.
 */

/** The "choose a channel" form is too old or was tampered with: start again. */
export class ResetFlowExpired extends DomainError {
  constructor() {
    super('reset_flow_expired', 'the password reset form expired');
  }
}

export type ResetLinkProblem = 'invalid' | 'expired' | 'used';

/** An email link or a set-new-password form that cannot (or can no longer) be used. */
export class ResetLinkUnusable extends DomainError {
  constructor(readonly problem: ResetLinkProblem) {
    super(`reset_link_${problem}`, `password reset link ${problem}`, { problem });
  }
}

/** A wrong SMS code; `remainingAttempts` more may be tried on this code. */
export class ResetCodeWrong extends DomainError {
  constructor(readonly remainingAttempts: number) {
    super('reset_code_wrong', 'wrong password reset code', { remainingAttempts });
  }
}

export type ResetCodeProblem = 'expired' | 'exhausted';

/** The code's challenge is over: expired, already used, or out of attempts. A new code is needed. */
export class ResetCodeUnusable extends DomainError {
  constructor(readonly problem: ResetCodeProblem) {
    super(`reset_code_${problem}`, `password reset code ${problem}`, { problem });
  }
}

/** The account has a second factor and this reset has not proven it yet (ASVS 6.4.3). */
export class ResetSecondFactorRequired extends DomainError {
  constructor() {
    super('reset_second_factor_required', 'the second factor must be verified before the password is reset');
  }
}
