import { DomainError } from '#identity-core';

/** A requeue that would send a message twice, or that has nothing left to send. */
export class RequeueRefused extends DomainError {
  constructor(reason: 'already_sent' | 'already_requeued' | 'not_failed' | 'payload_gone', message: string) {
    super(`requeue_${reason}`, message);
  }
}
