import { Injectable } from '@nestjs/common';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { FailedJobs } from '../../admin/failed-jobs.js';
import type { NotificationChannel, NotificationEnvelope } from '../../notification.types.js';
import { maskRecipient, redactContacts } from '../../domain/recipient-mask.js';
import { NotificationEnvelopeCodec } from '../../queues/notification-envelope.codec.js';
import type { FailedNotifications, FailedNotificationView } from './failed-notification-view.js';

interface DeliveryRow {
  idempotency_key: string;
  channel: NotificationChannel;
  template: string;
  status: string;
  attempts: number;
  last_error: string | null;
  updated_at: Date;
  requeues: number;
}

/** `notifications:dead` and the admin notifications page: what did not go out, and why. */
@Injectable()
export class ListFailedNotificationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: FailedJobs,
    private readonly codec: NotificationEnvelopeCodec,
  ) {}

  /** `recipients`: add each message's masked recipient (the admin page; the CLI lists none). */
  async execute(cmd: { limit?: number; recipients?: boolean } = {}): Promise<FailedNotifications> {
    const limit = Math.min(Math.max(Math.trunc(cmd.limit ?? 100), 1), 1000);
    const dead = (await this.dataSource.query(
      `SELECT idempotency_key, channel, template, status, attempts, last_error, updated_at, requeues
         FROM notification_deliveries WHERE status = 'dead' ORDER BY updated_at DESC, id DESC LIMIT ?`,
      [limit],
    )) as DeliveryRow[];
    const items: FailedNotificationView[] = dead.map((r) => ({
      key: r.idempotency_key,
      channel: r.channel,
      template: r.template,
      state: 'dead',
      attempts: Number(r.attempts),
      error: r.last_error,
      at: new Date(r.updated_at).toISOString(),
      requeues: Number(r.requeues),
    }));

    const queued = await this.jobs.failing(limit);
    if (queued) {
      const keys = [...queued.failed, ...queued.retrying].map((j) => j.data.idempotencyKey);
      const recorded = new Set<string>(
        keys.length
          ? (
              (await this.dataSource.query(
                `SELECT idempotency_key FROM notification_deliveries
                  WHERE idempotency_key IN (?) AND status <> 'requeued'`,
                [keys],
              )) as { idempotency_key: string }[]
            ).map((r) => r.idempotency_key)
          : [],
      );
      // A failed job with a record is a dead letter listed above (or was sent since); one without
      // a record died with its worker.
      for (const job of queued.failed)
        if (!recorded.has(job.data.idempotencyKey)) items.push(this.fromJob(job, 'failed'));
      for (const job of queued.retrying) items.push(this.fromJob(job, 'retrying'));
    }

    const unrelayed = (await this.dataSource.query(
      `SELECT idempotency_key, channel, attempts, created_at FROM notification_outbox
        WHERE relayed_at IS NULL AND attempts > 0 ORDER BY id LIMIT ?`,
      [limit],
    )) as { idempotency_key: string; channel: NotificationChannel; attempts: number; created_at: Date }[];
    for (const r of unrelayed)
      items.push({
        key: r.idempotency_key,
        channel: r.channel,
        template: 'unknown',
        state: 'unrelayed',
        attempts: Number(r.attempts),
        error: 'the queues did not take it yet',
        at: new Date(r.created_at).toISOString(),
        requeues: 0,
      });
    const shown = items.slice(0, limit);
    if (cmd.recipients) await this.addRecipients(shown, queued ? [...queued.failed, ...queued.retrying] : []);
    return { items: shown, depth: await this.jobs.depth() };
  }

  /** Opens each message's sealed request (outbox row, else its job) for a masked `to`; null if gone. */
  private async addRecipients(items: FailedNotificationView[], jobs: Job<NotificationEnvelope>[]) {
    const sealed = new Map<string, NotificationEnvelope>();
    for (const j of jobs) sealed.set(j.data.idempotencyKey, j.data);
    const keys = [...new Set(items.map((i) => i.key))];
    const rows = keys.length
      ? ((await this.dataSource.query(
          `SELECT id, idempotency_key, channel, payload_cipher FROM notification_outbox WHERE idempotency_key IN (?)`,
          [keys],
        )) as { id: string; idempotency_key: string; channel: NotificationChannel; payload_cipher: string }[])
      : [];
    for (const r of rows)
      sealed.set(r.idempotency_key, {
        version: 1,
        outboxId: String(r.id),
        idempotencyKey: r.idempotency_key,
        channel: r.channel,
        sealed: r.payload_cipher,
      });
    for (const item of items) {
      // A gateway's reply may quote the address ("550 <a@b.tw>: no such user").
      if (item.error) item.error = redactContacts(item.error);
      const envelope = sealed.get(item.key);
      try {
        item.recipient = envelope ? maskRecipient(this.codec.open(envelope).to) : null;
      } catch {
        item.recipient = null;
      }
    }
  }

  private fromJob(job: Job<NotificationEnvelope>, state: 'failed' | 'retrying'): FailedNotificationView {
    let template = 'unknown';
    try {
      template = this.codec.open(job.data).template;
    } catch {
      // Unreadable: the delivery use case dead-letters such a job itself.
    }
    return {
      key: job.data.idempotencyKey,
      channel: job.data.channel === 'sms' ? 'sms' : 'email',
      template,
      state,
      attempts: job.attemptsMade,
      error: job.failedReason ?? null,
      at: new Date(job.finishedOn ?? job.processedOn ?? job.timestamp).toISOString(),
      requeues: Number(job.data.generation ?? 0),
    };
  }
}
