import type { NotificationChannel } from '../../notification.types.js';
import type { QueueDepth } from '../../admin/failed-jobs.js';

/**
 * A message that did not go out. `dead`: given up (recorded in notification_deliveries);
 * `failed`: in Bull's failed list without a record (its worker died on it three times);
 * `retrying`: failed at least once, waiting for its next try; `unrelayed`: still in the outbox
 * because the queues could not take it. Never an address, a code or the message text.
 */
export interface FailedNotificationView {
  /** The idempotency key: what `notifications:requeue` takes. */
  key: string;
  channel: NotificationChannel;
  template: string;
  state: 'dead' | 'failed' | 'retrying' | 'unrelayed';
  attempts: number;
  error: string | null;
  /** When it last failed (ISO 8601). */
  at: string;
  requeues: number;
  /** Masked (`l***@tp.edu.tw`, `09**-***-678`), only when asked for; null when the message is gone. */
  recipient?: string | null;
}

export interface FailedNotifications {
  items: FailedNotificationView[];
  /** Per queue; null when Redis did not answer (the database's dead letters are still listed). */
  depth: Record<NotificationChannel, QueueDepth> | null;
}
