import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type SigningKeyStatus = 'next' | 'active' | 'retired';

/** ID token signing keys, private JWK encrypted with the PII keyring. */
@Entity('oidc_signing_keys')
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid!: string;

  @Column({ type: 'varchar', length: 16 })
  alg!: string;

  @Column({ type: 'enum', enum: ['next', 'active', 'retired'] })
  status!: SigningKeyStatus;

  @Column({ name: 'private_jwk_cipher', type: 'text' })
  privateJwkCipher!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'datetime', precision: 3, nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'retired_at', type: 'datetime', precision: 3, nullable: true })
  retiredAt!: Date | null;
}
