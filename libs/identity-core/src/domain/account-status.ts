/**
 * Account lifecycle as an explicit state machine: every allowed move is listed in one
 * table, so anything not listed (including repeats such as lock → lock) is refused.
 */
import { InvalidStateTransition } from './errors.js';

export const ACCOUNT_STATUSES = ['pending', 'active', 'locked', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const ACCOUNT_EVENTS = ['activate', 'lock', 'unlock', 'disable', 'enable'] as const;
export type AccountEvent = (typeof ACCOUNT_EVENTS)[number];

const TRANSITIONS: Readonly<Record<AccountEvent, Readonly<Partial<Record<AccountStatus, AccountStatus>>>>> = {
  activate: { pending: 'active' },
  lock: { active: 'locked' },
  unlock: { locked: 'active' },
  disable: { pending: 'disabled', active: 'disabled', locked: 'disabled' },
  // Re-enabling goes straight to active, even for an account disabled while pending.
  enable: { disabled: 'active' },
};

export function isAccountStatus(value: unknown): value is AccountStatus {
  return typeof value === 'string' && (ACCOUNT_STATUSES as readonly string[]).includes(value);
}

export function isAccountEvent(value: unknown): value is AccountEvent {
  return typeof value === 'string' && (ACCOUNT_EVENTS as readonly string[]).includes(value);
}

/** Throws InvalidStateTransition for moves not in the table, including unknown values read from storage. */
export function nextStatus(from: AccountStatus, event: AccountEvent): AccountStatus {
  // Own-property lookups only, so values such as `constructor` cannot reach Object.prototype.
  const row = isAccountEvent(event) ? TRANSITIONS[event] : undefined;
  const to = row && isAccountStatus(from) && Object.hasOwn(row, from) ? row[from] : undefined;
  if (!to) throw new InvalidStateTransition(String(from), String(event));
  return to;
}

export function canLogin(status: AccountStatus): boolean {
  return status === 'active';
}
