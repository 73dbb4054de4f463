import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A citizen certificate bound to an account: the issuing CA's key identifier (MOICA G2 and G3
 * share a DN) and the serial name one certificate. Bound at first use, replaced when a renewed
 * card is bound; `replaced_at` keeps the history.
 */
@Entity('certificate_bindings')
export class CertificateBindingEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true })
  accountId!: string;

  @Column({ name: 'issuer_key_id', type: 'varchar', length: 64 })
  issuerKeyId!: string;

  @Column({ type: 'varchar', length: 64 })
  serial!: string;

  /** SHA-256 of the certificate's DER (hex). */
  @Column({ type: 'char', length: 64 })
  fingerprint!: string;

  @Column({ name: 'subject_dn', type: 'varchar', length: 512 })
  subjectDn!: string;

  @Column({ name: 'not_before', type: 'datetime', precision: 3 })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'datetime', precision: 3 })
  notAfter!: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'datetime', precision: 3 })
  lastUsedAt!: Date;

  @Column({ name: 'replaced_at', type: 'datetime', precision: 3, nullable: true })
  replacedAt!: Date | null;
}
