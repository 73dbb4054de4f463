import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { AccountStatus } from '../domain/index.js';
import { AffiliationEntity } from './affiliation.entity.js';
import { booleanColumn } from '#database';

@Entity('accounts')
export class AccountEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  /** Subject identifier given to relying parties: a UUID, never reused. */
  @Column({ type: 'char', length: 36 })
  sub!: string;

  /** Lowercase; null while a provisioned account waits for activation. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  username!: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 128 })
  displayName!: string;

  @Column({ name: 'given_name', type: 'varchar', length: 64, nullable: true })
  givenName!: string | null;

  @Column({ name: 'family_name', type: 'varchar', length: 64, nullable: true })
  familyName!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ name: 'email_verified', type: 'tinyint', transformer: booleanColumn, default: 0 })
  emailVerified!: boolean;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Column({ name: 'phone_verified', type: 'tinyint', transformer: booleanColumn, default: 0 })
  phoneVerified!: boolean;

  /** YYYY-MM-DD */
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  /** AES-256-GCM cipher text with its key id (see PiiCipher). */
  @Column({ name: 'national_id_cipher', type: 'varchar', length: 255, nullable: true })
  nationalIdCipher!: string | null;

  /** Keyed blind index (HMAC) for exact lookups without decrypting. */
  @Column({ name: 'national_id_index', type: 'char', length: 64, nullable: true })
  nationalIdIndex!: string | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'password_changed_at', type: 'datetime', precision: 3, nullable: true })
  passwordChangedAt!: Date | null;

  @Column({ type: 'enum', enum: ['pending', 'active', 'locked', 'disabled'], default: 'pending' })
  status!: AccountStatus;

  @Column({ name: 'status_changed_at', type: 'datetime', precision: 3 })
  statusChangedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @OneToMany(() => AffiliationEntity, (a) => a.account)
  affiliations?: AffiliationEntity[];
}
