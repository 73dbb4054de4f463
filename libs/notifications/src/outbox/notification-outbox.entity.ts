import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationRequest } from '../notification.types.js';

/** Written in the same transaction as the account change, then relayed to Bull. */
@Entity('notification_outbox')
export class NotificationOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128 })
  idempotencyKey!: string;

  @Column({ type: 'varchar', length: 8 })
  channel!: NotificationRequest['channel'];

  /** The whole request, encrypted: it holds codes, links and contact details. */
  @Column({ name: 'payload_cipher', type: 'text' })
  payloadCipher!: string;

  @Column({ name: 'relayed_at', type: 'datetime', precision: 3, nullable: true })
  relayedAt!: Date | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts!: number;

  /** 0 as written; each requeue of a dead letter adds one (its Bull job id is `<key>#<generation>`). */
  @Column({ type: 'int', unsigned: true, default: 0 })
  generation!: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
