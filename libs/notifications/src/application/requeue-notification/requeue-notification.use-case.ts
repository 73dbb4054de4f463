import { Injectable } from '@nestjs/common';
import type { Job } from 'bull';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, NotFound, ValidationFailed } from '#identity-core';
import { FailedJobs } from '../../admin/failed-jobs.js';
import { RequeueRefused } from '../../domain/errors.js';
import type { NotificationChannel, NotificationEnvelope } from '../../notification.types.js';
import { NotificationEnvelopeCodec } from '../../queues/notification-envelope.codec.js';

export interface RequeueResult {
  key: string;
  /** The requeue's number: its Bull job is `<key>#<generation>`. */
  generation: number;
}

interface DeliveryRow {
  id: string;
  channel: NotificationChannel;
  status: string;
  requeues: number;
}

const KEY = /^[\x21-\x7e]{1,128}$/;
export const REQUEUE_REASON_MAX = 500;

/**
 * `notifications:requeue`: sends a dead-lettered (or worker-killed) message back through the
 * outbox, so the relay queues it like any new message. Never twice: in one transaction the
 * delivery record moves from `dead` (or nothing) to `requeued` with the next generation, under a
 * row lock, and the outbox row is reset; the delivery use case then sends a `requeued` key once,
 * and only for the job of that generation. A key recorded `sent` is refused. Audited.
 */
@Injectable()
export class RequeueNotificationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: FailedJobs,
    private readonly codec: NotificationEnvelopeCodec,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: { key: string; actor: string; reason?: string }): Promise<RequeueResult> {
    if (typeof cmd.key !== 'string' || !KEY.test(cmd.key))
      throw new ValidationFailed([{ field: 'key', code: 'format' }]);
    const reason = cmd.reason?.trim().slice(0, REQUEUE_REASON_MAX) || null;
    const [known] = (await this.dataSource.query(
      `SELECT channel, requeues FROM notification_deliveries WHERE idempotency_key = ?`,
      [cmd.key],
    )) as { channel: NotificationChannel; requeues: number }[];
    // Read outside the transaction (Redis): the job of the generation that failed last.
    const failedJob = await this.jobs.find(cmd.key, Number(known?.requeues ?? 0), known?.channel);

    const result = await this.dataSource.transaction(async (m) => {
      const [delivery] = (await m.query(
        `SELECT id, channel, status, requeues FROM notification_deliveries
          WHERE idempotency_key = ? FOR UPDATE`,
        [cmd.key],
      )) as DeliveryRow[];
      if (delivery?.status === 'sent')
        throw new RequeueRefused('already_sent', `notification ${cmd.key} was sent; it is not sent again`);
      if (delivery?.status === 'requeued')
        throw new RequeueRefused('already_requeued', `notification ${cmd.key} is already requeued`);
      if (!delivery && !failedJob) throw new NotFound('failed notification');

      const generation = Number(delivery?.requeues ?? 0) + 1;
      const channel = delivery?.channel ?? failedJob!.data.channel;
      await this.restoreOutboxRow(m, cmd.key, channel, generation, failedJob);
      if (delivery)
        await m.query(`UPDATE notification_deliveries SET status = 'requeued', requeues = ? WHERE id = ?`, [
          generation,
          delivery.id,
        ]);
      else
        await m.query(
          `INSERT INTO notification_deliveries
             (idempotency_key, channel, template, status, attempts, last_error, requeues)
           VALUES (?, ?, ?, 'requeued', ?, ?, ?)`,
          [
            cmd.key,
            channel,
            this.templateOf(failedJob!),
            failedJob!.attemptsMade,
            failedJob!.failedReason?.slice(0, 512) ?? null,
            generation,
          ],
        );
      await this.audit.record(
        {
          actor: cmd.actor,
          action: 'notification.requeue',
          target: `notification:${cmd.key}`.slice(0, 128),
          result: 'success',
          details: { channel, generation, ...(reason ? { reason } : {}) },
        },
        m,
      );
      return { key: cmd.key, generation };
    });
    // The old failed job has done its part; it leaves the failed list (best effort).
    if (failedJob) await this.jobs.remove(failedJob);
    return result;
  }

  /** The outbox row goes back to unrelayed; pruned after a week, it is rebuilt from the failed job. */
  private async restoreOutboxRow(
    m: EntityManager,
    key: string,
    channel: NotificationChannel,
    generation: number,
    failedJob: Job<NotificationEnvelope> | null,
  ): Promise<void> {
    const reset = (await m.query(
      `UPDATE notification_outbox SET relayed_at = NULL, attempts = 0, generation = ? WHERE idempotency_key = ?`,
      [generation, key],
    )) as { affectedRows?: number };
    if (Number(reset.affectedRows ?? 0) > 0) return;
    if (!failedJob?.data?.sealed)
      throw new RequeueRefused('payload_gone', `notification ${key}: its sealed message is no longer kept`);
    await m.query(
      `INSERT INTO notification_outbox (idempotency_key, channel, payload_cipher, relayed_at, attempts, generation)
       VALUES (?, ?, ?, NULL, 0, ?)`,
      [key, channel, failedJob.data.sealed, generation],
    );
  }

  private templateOf(job: Job<NotificationEnvelope>): string {
    try {
      return this.codec.open(job.data).template;
    } catch {
      return 'unknown';
    }
  }
}
