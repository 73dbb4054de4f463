import type { RedisConnection } from '#platform';

export const NOTIFICATION_ADMIN_OPTIONS = Symbol('NOTIFICATION_ADMIN_OPTIONS');

/** What the operators' side of notifications (CLI, admin app) needs: where the queues are. */
export interface NotificationAdminOptions {
  redis: RedisConnection;
  /** The worker's Bull prefix: `{${redisPrefix}:bull}` (bullPrefix in #platform). */
  queuePrefix: string;
}
