import { DomainError } from '#identity-core';

/** The caller holds no staff role (any more): the portal signs them out. */
export class NotStaff extends DomainError {
  constructor() {
    super('not_staff', 'not a staff member of the helpdesk portal');
  }
}

/**
 * The account is outside the staff member's scope, or the action is not theirs. The portal answers
 * it exactly like an unknown account (404), so ids probed from another county reveal nothing.
 */
export class OutOfScope extends DomainError {
  constructor() {
    super('out_of_scope', 'not found');
  }
}
