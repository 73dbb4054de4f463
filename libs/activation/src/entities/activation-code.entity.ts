import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A one-time activation code for a pending account; only its keyed hash is stored. */
@Entity('activation_codes')
export class ActivationCodeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true })
  accountId!: string;

  /** The school that issued it; null for codes mailed after an approved application. */
  @Column({ name: 'school_id', type: 'varchar', length: 16, nullable: true })
  schoolId!: string | null;

  /** HMAC-SHA256 (CodeHasher), hex. */
  @Column({ name: 'code_hash', type: 'char', length: 64 })
  codeHash!: string;

  @Column({ name: 'issued_by', type: 'varchar', length: 128 })
  issuedBy!: string;

  @Column({ name: 'issued_at', type: 'datetime', precision: 3 })
  issuedAt!: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;

  /** Replaced by a newer code, or the account was activated with another one. */
  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
