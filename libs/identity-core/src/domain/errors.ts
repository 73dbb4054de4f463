/**
 * Domain errors carry a stable `code`. Libs throw these; each app maps them at its edge
 * (page message, OIDC error or HTTP status). Libs never throw HTTP exceptions.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string = code,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  constructor(readonly problems: { field: string; code: string }[]) {
    super('validation_failed', problems.map((p) => `${p.field}: ${p.code}`).join('; '));
  }
}

export class InvalidStateTransition extends DomainError {
  constructor(from: string, event: string) {
    super('invalid_state_transition', `cannot ${event} an account that is ${from}`, { from, event });
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}

export class Conflict extends DomainError {
  constructor(what: string) {
    super('conflict', `${what} already exists`);
  }
}

export class InvalidCredentials extends DomainError {
  constructor() {
    super('invalid_credentials', 'invalid account or password');
  }
}

export class AccountLocked extends DomainError {
  constructor(readonly retryAfterSeconds: number | null) {
    super('account_locked', 'account temporarily locked', { retryAfterSeconds });
  }
}

/**
 * A store or worker the operation needs (MySQL, Redis, the password hasher) failed: nothing was
 * decided and nothing counted against the user. Apps answer 503 with `Retry-After`.
 */
export class TemporarilyUnavailable extends DomainError {
  readonly retryAfterSeconds = 30;

  constructor(cause?: unknown) {
    super('temporarily_unavailable', 'temporarily unavailable', undefined);
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

/**
 * The one "too many attempts" answer of every limit: wrong secrets of any factor (AttemptGate)
 * and too many requests (RateLimiter: codes sent, look-ups, applications). `retryAfterSeconds`
 * is null when no wait will do (a permanent lock; a flow that used up its sends). `of` tells the
 * app which words fit: `failures` (wrong codes or passwords) or `requests`.
 */
export class TooManyAttempts extends DomainError {
  constructor(
    readonly retryAfterSeconds: number | null,
    readonly of: 'failures' | 'requests' = 'requests',
  ) {
    super('too_many_attempts', 'too many attempts; try again later', { retryAfterSeconds, of });
  }
}
