import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { booleanColumn } from '#database';
import type { ClaimsMapping } from '../domain/claims-mapping.js';

export type CountyProviderKind = 'oidc' | 'oauth2';
export type CountyAuthMethod = 'client_secret_basic' | 'client_secret_post';

/**
 * A county's (or city's) login service as an upstream identity provider: data, managed with the
 * CLI (`counties:*`). The client secret is encrypted like national IDs (PiiService, key id beside
 * the cipher text so PII_KEYS can rotate).
 */
@Entity('county_providers')
export class CountyProviderEntity {
  /** URL-safe slug (`tc`, `kh`, `tp`): in audit events, transactions and the county list's form. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  /** 臺中市 …: the button's text, and which schools' affiliations its logins may change. */
  @Column({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'enum', enum: ['oidc', 'oauth2'] })
  kind!: CountyProviderKind;

  /** OpenID Connect: the issuer (discovery). OAuth2: an identifier, the authorization endpoint's origin by default. */
  @Column({ type: 'varchar', length: 255 })
  issuer!: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId!: string;

  @Column({ name: 'client_secret_cipher', type: 'varchar', length: 1024 })
  clientSecretCipher!: string;

  @Column({ name: 'auth_method', type: 'enum', enum: ['client_secret_basic', 'client_secret_post'] })
  authMethod!: CountyAuthMethod;

  /** Space-separated. */
  @Column({ type: 'varchar', length: 255 })
  scopes!: string;

  /** OAuth2 only: `{ authorization, token, profile: [] }`. */
  @Column({ type: 'json', nullable: true })
  endpoints!: { authorization: string; token: string; profile: string[] } | null;

  /** OAuth2 only: where the user's id is in the profile (dotted). */
  @Column({ name: 'subject_claim', type: 'varchar', length: 128, nullable: true })
  subjectClaim!: string | null;

  /** How the county's claims become a name, a national ID and affiliations; null = the default. */
  @Column({ name: 'claims_mapping', type: 'json', nullable: true })
  claimsMapping!: ClaimsMapping | null;

  /** The county vouches for national IDs: its logins may match accounts by the blind index. */
  @Column({ name: 'trust_national_id', type: 'tinyint', transformer: booleanColumn, default: 0 })
  trustNationalId!: boolean;

  /** A login nobody can link may create an account from the county's claims. */
  @Column({ type: 'tinyint', transformer: booleanColumn, default: 0 })
  provision!: boolean;

  @Column({ type: 'tinyint', transformer: booleanColumn, default: 1 })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
