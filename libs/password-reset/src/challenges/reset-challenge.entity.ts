import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ResetChannelKind } from '../domain/channel-mask.js';

/**
 * One link or code sent. States: open → (SMS: verified) → used; or expired / superseded (used_at
 * set by a newer challenge of the same account) / exhausted (attempts at the maximum).
 */
@Entity('password_reset_challenges')
export class ResetChallengeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  /** SHA-256 of what the browser holds: the email link token, or the SMS flow's current ticket. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  /** Null when the identifier matched no account that can be reset: the challenge can never succeed. */
  @Column({ name: 'account_id', type: 'bigint', unsigned: true, nullable: true })
  accountId!: string | null;

  /** Key of the per-account counters: the username, or a pseudonym of an unknown identifier. */
  @Column({ type: 'varchar', length: 64 })
  subject!: string;

  @Column({ type: 'enum', enum: ['email', 'sms'] })
  channel!: ResetChannelKind;

  /** SMS only: HMAC of the code, salted with the first token hash. */
  @Column({ name: 'code_hmac', type: 'char', length: 64, nullable: true })
  codeHmac!: string | null;

  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  attempts!: number;

  /** The language the person used, for the password-changed notice. */
  @Column({ type: 'varchar', length: 8 })
  locale!: string;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt!: Date;

  /** SMS: when the right code was entered (the token hash was replaced by the new ticket's). */
  @Column({ name: 'verified_at', type: 'datetime', precision: 3, nullable: true })
  verifiedAt!: Date | null;

  /** When the account's second factor was proven in this reset (none exists yet). */
  @Column({ name: 'second_factor_at', type: 'datetime', precision: 3, nullable: true })
  secondFactorAt!: Date | null;

  /** Used to set a password, or superseded by a newer challenge. */
  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
