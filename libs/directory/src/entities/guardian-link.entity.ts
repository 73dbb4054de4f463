import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type GuardianLinkStatus = 'requested' | 'confirmed' | 'rejected' | 'revoked';

/**
 * A parent (or guardian) account linked to a child's account. Imported links come from the school
 * and are confirmed; a parent's request waits for the child's school to confirm it. Only confirmed
 * links are released (the `relation` API's `children`).
 */
@Entity('guardian_links')
export class GuardianLinkEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'parent_account_id', type: 'bigint', unsigned: true })
  parentAccountId!: string;

  @Column({ name: 'child_account_id', type: 'bigint', unsigned: true })
  childAccountId!: string;

  /** The child's school: the one that confirms the link. */
  @Column({ name: 'school_id', type: 'varchar', length: 16 })
  schoolId!: string;

  /** 父, 母, 監護人 … as the school wrote it. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  relationship!: string | null;

  @Column({ type: 'enum', enum: ['requested', 'confirmed', 'rejected', 'revoked'] })
  status!: GuardianLinkStatus;

  @Column({ type: 'enum', enum: ['import', 'request'] })
  source!: 'import' | 'request';

  @Column({ name: 'requested_by', type: 'varchar', length: 128 })
  requestedBy!: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 128, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
