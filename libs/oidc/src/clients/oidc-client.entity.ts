import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { booleanColumn } from '#database';

/** A relying party. `metadata` holds its OIDC registration (redirect URIs, auth method, scopes…). */
@Entity('oidc_clients')
export class OidcClientEntity {
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 64 })
  clientId!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  /** The secret, encrypted with the PII keyring (oidc-provider needs the plain value to compare). */
  @Column({ name: 'secret_cipher', type: 'varchar', length: 512, nullable: true })
  secretCipher!: string | null;

  @Column({ type: 'json' })
  metadata!: Record<string, unknown>;

  /** First-party RPs (the ministry's own services) skip the consent page. */
  @Column({ name: 'first_party', type: 'tinyint', transformer: booleanColumn, default: 0 })
  firstParty!: boolean;

  /** Only clients an administrator approved may receive the national ID (`personid`). */
  @Column({ name: 'personid_approved', type: 'tinyint', transformer: booleanColumn, default: 0 })
  personidApproved!: boolean;

  @Column({ type: 'tinyint', transformer: booleanColumn, default: 1 })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
