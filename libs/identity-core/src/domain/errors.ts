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
