import { InjectQueue, type BullModuleOptions } from '@nestjs/bull';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { ioredisOptions } from '#platform';
import type { NotificationChannel, NotificationEnvelope } from '../notification.types.js';
import type { NotificationDeliveryOptions } from '../notification-delivery.options.js';

/** Bull queue names; the deployment's `queuePrefix` keeps them apart in a shared Redis. */
export const EMAIL_QUEUE = 'email';
export const SMS_QUEUE = 'sms';
export const QUEUE_OF: Record<NotificationChannel, string> = { email: EMAIL_QUEUE, sms: SMS_QUEUE };

/** Queue options shared by both queues: retries with exponential backoff, failed jobs kept. */
export function bullQueueOptions(o: NotificationDeliveryOptions): BullModuleOptions {
  return {
    prefix: o.queuePrefix,
    redis: ioredisOptions(o.redis),
    defaultJobOptions: {
      attempts: o.retry.attempts,
      backoff: { type: 'exponential', delay: o.retry.backoffMs },
      // Completed jobs hold nothing secret; keeping them a week lets Bull refuse a re-added jobId.
      removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
      // Dead letters stay for inspection (their payload is sealed).
      removeOnFail: false,
    },
    settings: {
      lockDuration: o.jobLockMs,
      stalledInterval: o.jobLockMs,
      // A job whose worker died is re-run; only a job that kills its worker 3 times is failed.
      maxStalledCount: 3,
      retryProcessDelay: 1000,
    },
  };
}

/** A requeued dead letter needs a new id: the failed job keeps the plain key in Bull's failed list. */
export function notificationJobId(
  envelope: Pick<NotificationEnvelope, 'idempotencyKey' | 'generation'>,
): string {
  return envelope.generation ? `${envelope.idempotencyKey}#${envelope.generation}` : envelope.idempotencyKey;
}

/** The producer half of the queues: adds jobs (the relay does), never consumes them. */
@Injectable()
export class NotificationQueues implements BeforeApplicationShutdown {
  constructor(
    @InjectQueue(EMAIL_QUEUE) readonly email: Queue<NotificationEnvelope>,
    @InjectQueue(SMS_QUEUE) readonly sms: Queue<NotificationEnvelope>,
  ) {}

  queue(channel: NotificationChannel): Queue<NotificationEnvelope> {
    return channel === 'sms' ? this.sms : this.email;
  }

  /** Redis is reachable now; otherwise an add would wait in ioredis's offline queue. */
  connected(): boolean {
    return [this.email, this.sms].every((q) => q.client.status === 'ready');
  }

  /**
   * Adds a job whose id is the idempotency key (`<key>#<n>` for the n-th requeue): Bull ignores an
   * id it already holds.
   */
  async add(envelope: NotificationEnvelope, timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue add timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const adding = this.queue(envelope.channel).add(envelope, { jobId: notificationJobId(envelope) });
    adding.catch(() => undefined); // a late failure after the timeout is not news
    try {
      await Promise.race([adding, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Whether `replicas` replicas hold every write made so far on the given queues' connections
   * (Redis WAIT). With Sentinel failover a primary can die after acknowledging a job it had not yet
   * copied; the relay marks outbox rows relayed only after this, so such a job is added again.
   * `'no-replica'`: the primary has none connected (say, the survivor of a failover whose old
   * primary is still down), so no wait can succeed and none would protect anything.
   */
  async replicated(
    channels: Iterable<NotificationChannel>,
    replicas: number,
    timeoutMs = 2000,
  ): Promise<boolean | 'no-replica'> {
    if (replicas <= 0) return true;
    const queues = [...new Set(channels)].map((c) => this.queue(c));
    const acks = await Promise.all(queues.map((q) => q.client.wait(replicas, timeoutMs)));
    if (acks.every((n) => Number(n) >= replicas)) return true;
    const info = await queues[0].client.info('replication');
    return Number(/connected_slaves:(\d+)/.exec(info)?.[1] ?? 0) === 0 ? 'no-replica' : false;
  }

  /** Graceful stop: take no new jobs, wait for the active ones (before the database closes). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.email.close(), this.sms.close()]);
  }
}
