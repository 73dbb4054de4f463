import { DomainError } from '#identity-core';

/** The code for a new email or mobile is not right (`wrong`), or can no longer be used. */
export class ContactCodeRejected extends DomainError {
  constructor(readonly problem: 'wrong' | 'expired' | 'exhausted' | 'none') {
    super('contact_code_rejected', `contact code ${problem}`, { problem });
  }
}
