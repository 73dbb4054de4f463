import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An account's authenticator app: the confirmed secret, and one being enrolled (replace). */
@Entity('otp_totp_credentials')
export class TotpCredentialEntity {
  @PrimaryColumn({ name: 'account_id', type: 'bigint', unsigned: true })
  accountId!: string;

  /** The confirmed secret (base32), encrypted with the PII keyring; null when none is in use. */
  @Column({ name: 'secret_cipher', type: 'varchar', length: 255, nullable: true })
  secretCipher!: string | null;

  @Column({ name: 'confirmed_at', type: 'datetime', precision: 3, nullable: true })
  confirmedAt!: Date | null;

  /** The last time step whose code was accepted: a code is good once (replay refused). */
  @Column({ name: 'last_step', type: 'bigint', nullable: true })
  lastStep!: string | null;

  /** A new secret shown to the holder, waiting for its first code. */
  @Column({ name: 'pending_secret_cipher', type: 'varchar', length: 255, nullable: true })
  pendingSecretCipher!: string | null;

  @Column({ name: 'pending_since', type: 'datetime', precision: 3, nullable: true })
  pendingSince!: Date | null;
}
