import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only (the database refuses UPDATE and DELETE on this table). */
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
}
