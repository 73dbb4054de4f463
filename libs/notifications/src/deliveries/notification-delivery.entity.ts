import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { NotificationChannel } from '../notification.types.js';

/** `requeued`: a dead letter an operator sent back through the outbox; it may be sent once more. */
export type DeliveryStatus = 'sent' | 'dead' | 'requeued';

/** The worker's record of a finished message; its idempotency key never sends again. */
@Entity('notification_deliveries')
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128 })
  idempotencyKey!: string;

  @Column({ type: 'varchar', length: 8 })
  channel!: NotificationChannel;

  @Column({ type: 'varchar', length: 64 })
  template!: string;

  @Column({ type: 'enum', enum: ['sent', 'dead', 'requeued'] })
  status!: DeliveryStatus;

  @Column({ type: 'int', unsigned: true })
  attempts!: number;

  /** How many times an operator requeued it; the requeued job carries this as its generation. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  requeues!: number;

  /** What failed last (provider status, SMTP code); never the message, a code or the address. */
  @Column({ name: 'last_error', type: 'varchar', length: 512, nullable: true })
  lastError!: string | null;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 255, nullable: true })
  providerMessageId!: string | null;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
