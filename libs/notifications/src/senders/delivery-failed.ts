import { DomainError } from '#identity-core';

/**
 * A provider did not take a message. `summary` names what went wrong (an SMTP reply code, a
 * gateway status) and never holds the message, a code or the address: it is stored and logged.
 * `permanent` failures (unknown recipient, invalid number) are dead-lettered without retrying.
 */
export class DeliveryFailed extends DomainError {
  constructor(
    readonly summary: string,
    readonly permanent: boolean,
  ) {
    super(permanent ? 'delivery_rejected' : 'delivery_failed', summary);
  }
}
