import type { RedisConnection } from '#platform';

export const NOTIFICATION_DELIVERY_OPTIONS = Symbol('NOTIFICATION_DELIVERY_OPTIONS');

export type SmsProviderOptions =
  | {
      provider: 'log';
      /** Write message texts (they hold codes) to the log: development only. */
      revealBodies: boolean;
    }
  | {
      provider: 'mitake';
      /** Base URL; the sender posts to `{gatewayUrl}/api/mtk/SmSend?CharsetURL=UTF-8`. */
      gatewayUrl: string;
      username: string;
      password: string;
      timeoutMs?: number;
    };

/** What the worker side of notifications (relay, queues, senders) is configured with. */
export interface NotificationDeliveryOptions {
  /** Redis for the Bull queues: a URL, or Sentinels naming the primary. */
  redis: RedisConnection;
  /** Bull key prefix, per deployment: `{${redisPrefix}:bull}` (a Redis Cluster hash tag; bullPrefix in #platform). */
  queuePrefix: string;
  smtpUrl: string;
  mailFrom: string;
  sms: SmsProviderOptions;
  relay: {
    /** Poll the outbox on a timer (the worker); tests call `relayOnce()` themselves. */
    poll: boolean;
    intervalMs: number;
    batchSize?: number;
    /**
     * Replicas that must hold a job before its outbox row is marked relayed (Redis WAIT): 1 with
     * Sentinels, so a failover cannot lose a queued message; 0 (no wait) for a single Redis.
     */
    replicasToAck?: number;
  };
  /** Tries per message (the last failure dead-letters it) and the first backoff delay (doubles). */
  retry: { attempts: number; backoffMs: number };
  /** Bull job lock: how long a crashed worker's job waits before another worker takes it over. */
  jobLockMs: number;
}
