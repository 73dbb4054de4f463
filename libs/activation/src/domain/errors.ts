import { DomainError } from '#identity-core';

/**
 * The one answer to a wrong national ID, birth date or activation code, and to a code that is
 * expired, used or revoked, or an account that is not waiting for activation: which of these it
 * was is never told, so the form cannot be used to find out who has an account.
 */
export class ActivationFailed extends DomainError {
  constructor() {
    super('activation_failed', 'national ID, birth date or activation code is not valid');
  }
}

/** The activation or application in progress is gone (idle too long, finished, or never started here). */
export class FlowExpired extends DomainError {
  constructor() {
    super('flow_expired', 'this activation or application has expired; start again');
  }
}

/** An application cannot move as asked (not pending, or a duplicate of an existing account). */
export class ApplicationRefused extends DomainError {
  constructor(reason: 'not_pending' | 'duplicate_account', message: string) {
    super(`application_${reason}`, message);
  }
}
