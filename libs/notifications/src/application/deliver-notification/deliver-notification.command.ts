import type { NotificationEnvelope } from '../../notification.types.js';
import type { DeliveryStatus } from '../../deliveries/notification-delivery.entity.js';

export interface DeliverNotificationCommand {
  envelope: NotificationEnvelope;
  /** This try, from 1. */
  attempt: number;
  /** Tries allowed in all; failing the last one dead-letters the message. */
  maxAttempts: number;
}

/**
 * `retry`: failed, try again later (the queue's backoff). `dead`: failed for good, recorded as a
 * dead letter. `skipped`: this idempotency key was already finished, nothing sent.
 */
export type DeliveryOutcome =
  | { status: 'sent'; providerMessageId: string | null }
  | { status: 'skipped'; previous: DeliveryStatus }
  | { status: 'retry'; error: string }
  | { status: 'dead'; error: string };
