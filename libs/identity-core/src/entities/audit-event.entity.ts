import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only (the database refuses UPDATE and DELETE on this table) and chained: a trigger sets
 * `seq`, `prevHash` and `hash` on insert (migration AuditChain; `audit:verify` checks them).
 */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  target!: string | null;

  @Column({ type: 'enum', enum: ['success', 'failure'] })
  result!: 'success' | 'failure';

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'json', nullable: true })
  details!: Record<string, unknown> | null;

  /** Place in the hash chain; set by the database, never by the application. */
  @Column({ type: 'bigint', unsigned: true, nullable: true, insert: false, update: false })
  seq!: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true, insert: false, update: false })
  prevHash!: string | null;

  @Column({ type: 'char', length: 64, nullable: true, insert: false, update: false })
  hash!: string | null;
}
