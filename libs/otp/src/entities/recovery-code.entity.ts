import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One recovery code, as a keyed hash; used once. */
@Entity('otp_recovery_codes')
export class RecoveryCodeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true })
  accountId!: string;

  @Column({ name: 'code_hmac', type: 'char', length: 64 })
  codeHmac!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;
}
