import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '#identity-core';
import type { NotificationChannel, NotificationEnvelope } from '../notification.types.js';
import {
  NOTIFICATION_DELIVERY_OPTIONS,
  type NotificationDeliveryOptions,
} from '../notification-delivery.options.js';
import { NotificationQueues } from '../queues/notification-queues.js';

interface OutboxRow {
  id: string;
  idempotency_key: string;
  channel: NotificationChannel;
  payload_cipher: string;
  generation: number;
}

const RETENTION_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

/**
 * Moves outbox rows to the Bull queues. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * workers can relay at once; a row is marked relayed only after Redis took its job. If Redis is
 * down the row simply waits for a later tick. A crash between "job added" and "row marked" adds
 * the job again next time: the job id is the idempotency key, so Bull drops the copy, and the
 * delivery record stops a second send even if the first job was already removed.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('notifications.relay');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private redisWasDown = false;
  private noReplicaWarned = false;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: NotificationQueues,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_DELIVERY_OPTIONS) private readonly options: NotificationDeliveryOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.relay.poll) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Stops polling and waits for the tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Relays one batch; returns how many rows went to the queues (0 while Redis is unreachable). */
  async relayOnce(): Promise<number> {
    if (!this.queues.connected()) {
      if (!this.redisWasDown) this.logger.warn('Redis unreachable: outbox rows wait until it is back');
      this.redisWasDown = true;
      return 0;
    }
    if (this.redisWasDown) this.logger.log('Redis reachable again: relaying the outbox');
    this.redisWasDown = false;
    const batch = this.options.relay.batchSize ?? 100;
    const relayed = await this.dataSource.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `SELECT id, idempotency_key, channel, payload_cipher, generation FROM notification_outbox
         WHERE relayed_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      if (!rows.length) return 0;
      const results = await Promise.allSettled(
        rows.map((row) =>
          this.queues.add({
            version: 1,
            outboxId: String(row.id),
            idempotencyKey: row.idempotency_key,
            channel: row.channel,
            sealed: row.payload_cipher,
            ...(Number(row.generation) > 0 ? { generation: Number(row.generation) } : {}),
          } satisfies NotificationEnvelope),
        ),
      );
      let done = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      let failed = rows.filter((_, i) => results[i].status === 'rejected').map((r) => r.id);
      const replicas = this.options.relay.replicasToAck ?? 0;
      if (done.length && replicas > 0) {
        const channels = rows.filter((r) => done.includes(r.id)).map((r) => r.channel);
        const held = await this.queues.replicated(channels, replicas).catch(() => false);
        if (held === 'no-replica') {
          if (!this.noReplicaWarned)
            this.logger.warn(
              'outbox relay: the Redis primary has no replica; queued jobs are not copied anywhere',
            );
          this.noReplicaWarned = true;
        } else if (!held) {
          // Not yet copied to a replica: leave the rows for the next tick (Bull drops the same job id).
          this.logger.warn(`outbox relay: ${done.length} job(s) not on a replica yet; relaying again`);
          failed = [...failed, ...done];
          done = [];
        } else this.noReplicaWarned = false;
      }
      if (done.length)
        await m.query(`UPDATE notification_outbox SET relayed_at = ? WHERE id IN (?)`, [
          this.clock.now(),
          done,
        ]);
      if (failed.length) {
        await m.query(`UPDATE notification_outbox SET attempts = attempts + 1 WHERE id IN (?)`, [failed]);
        const rejected = results.find((r) => r.status === 'rejected');
        if (rejected)
          this.logger.warn(
            `outbox relay: ${failed.length} row(s) not queued yet (${errorName(rejected.reason)})`,
          );
      }
      return done.length;
    });
    await this.pruneOccasionally();
    return relayed;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => this.schedule(this.options.relay.intervalMs));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    try {
      // Drain a backlog without waiting a whole interval between batches.
      const batch = this.options.relay.batchSize ?? 100;
      while (!this.stopped && (await this.relayOnce()) >= batch);
    } catch (e) {
      this.logger.warn(`outbox relay failed, retrying: ${errorName(e)}`);
    }
  }

  /** Relayed rows (sealed, so harmless, but useless) are deleted after a week. */
  private async pruneOccasionally(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.dataSource.query(
      `DELETE FROM notification_outbox WHERE relayed_at IS NOT NULL AND relayed_at < ? LIMIT 10000`,
      [new Date(now - RETENTION_MS)],
    );
  }
}

/** An error's name and code, never its message (a database error can quote values). */
function errorName(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown error';
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? `${e.name} ${code}` : e.name;
}
