import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, JobCounts, Queue } from 'bull';
import type { NotificationChannel, NotificationEnvelope } from '../notification.types.js';
import { EMAIL_QUEUE, notificationJobId, SMS_QUEUE } from '../queues/notification-queues.js';

/** How long a read of the queues may take before the answer says "queues unreachable". */
const REDIS_TIMEOUT_MS = 3000;

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/**
 * Read access to the notification queues for operators: failed and retrying jobs, depth, and
 * removing a failed job once it has been requeued. Never consumes a job.
 */
@Injectable()
export class FailedJobs {
  constructor(
    @InjectQueue(EMAIL_QUEUE) private readonly email: Queue<NotificationEnvelope>,
    @InjectQueue(SMS_QUEUE) private readonly sms: Queue<NotificationEnvelope>,
  ) {}

  private queues(): [NotificationChannel, Queue<NotificationEnvelope>][] {
    return [
      ['email', this.email],
      ['sms', this.sms],
    ];
  }

  /** Jobs in Bull's failed list and jobs waiting for a retry, newest first; null while Redis is away. */
  async failing(
    limit: number,
  ): Promise<{ failed: Job<NotificationEnvelope>[]; retrying: Job<NotificationEnvelope>[] } | null> {
    return bounded(async () => {
      const failed: Job<NotificationEnvelope>[] = [];
      const retrying: Job<NotificationEnvelope>[] = [];
      for (const [, q] of this.queues()) {
        failed.push(...(await q.getFailed(0, limit - 1)).filter(Boolean));
        retrying.push(...(await q.getDelayed(0, limit - 1)).filter((j) => j && j.attemptsMade > 0));
      }
      return { failed, retrying };
    });
  }

  async depth(): Promise<Record<NotificationChannel, QueueDepth> | null> {
    return bounded(async () => {
      const pick = (c: JobCounts): QueueDepth => ({
        waiting: c.waiting,
        active: c.active,
        delayed: c.delayed,
        failed: c.failed,
      });
      return { email: pick(await this.email.getJobCounts()), sms: pick(await this.sms.getJobCounts()) };
    });
  }

  /** The failed job of the given generation of a message, from either queue. */
  async find(
    key: string,
    generation: number,
    channel?: NotificationChannel,
  ): Promise<Job<NotificationEnvelope> | null> {
    const id = notificationJobId({ idempotencyKey: key, generation });
    const found = await bounded(async () => {
      for (const [c, q] of this.queues()) {
        if (channel && c !== channel) continue;
        const job = await q.getJob(id);
        if (job && (await job.isFailed())) return job;
      }
      return null;
    });
    return found ?? null;
  }

  /** Best effort: a requeued message's old failed job leaves the failed list. */
  async remove(job: Job<NotificationEnvelope>): Promise<void> {
    await bounded(() => job.remove()).catch(() => undefined);
  }
}

/** Redis commands wait in ioredis's offline queue while Redis is down: give up after a while. */
async function bounded<T>(fn: () => Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), REDIS_TIMEOUT_MS);
  });
  const work = fn();
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
