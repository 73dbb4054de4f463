import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ApplicationStatus = 'pending' | 'approved' | 'rejected';

/**
 * 申請教育雲端帳號: someone no school provisioned asks for an account. The row exists only once
 * both contacts are verified; helpdesk staff approve or reject it.
 */
@Entity('account_applications')
export class AccountApplicationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  /** 申請編號 (domain/application-reference.ts); null for applications from before it existed. */
  @Column({ type: 'char', length: 8, nullable: true })
  reference!: string | null;

  @Column({ type: 'enum', enum: ['pending', 'approved', 'rejected'], default: 'pending' })
  status!: ApplicationStatus;

  @Column({ name: 'national_id_cipher', type: 'varchar', length: 255 })
  nationalIdCipher!: string;

  @Column({ name: 'national_id_index', type: 'char', length: 64 })
  nationalIdIndex!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128 })
  displayName!: string;

  /** YYYY-MM-DD */
  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  /** Verified by a code before the row was written. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Verified by a code before the row was written. */
  @Column({ type: 'varchar', length: 20 })
  phone!: string;

  /** Language of the applicant's mails. */
  @Column({ type: 'varchar', length: 8 })
  locale!: string;

  /** What already existed for this national ID when it was submitted (never shown to the applicant). */
  @Column({ name: 'duplicate_of', type: 'enum', enum: ['account', 'application'], nullable: true })
  duplicateOf!: 'account' | 'application' | null;

  /** The pending account created on approval. */
  @Column({ name: 'account_id', type: 'bigint', unsigned: true, nullable: true })
  accountId!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  reviewer!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Column({ name: 'reviewed_at', type: 'datetime', precision: 3, nullable: true })
  reviewedAt!: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
