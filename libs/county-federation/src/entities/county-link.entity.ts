import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One county identity linked to one account: (provider, subject) is unique, one link per county and account. */
@Entity('county_links')
export class CountyLinkEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true })
  accountId!: string;

  @Column({ name: 'provider_id', type: 'varchar', length: 32 })
  providerId!: string;

  /** The county's `sub` (or profile id): an identifier, compared exactly (binary collation). */
  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  /** How it was linked: `password`, `national_id`, `activation_code`, `provisioned`. */
  @Column({ name: 'linked_by', type: 'varchar', length: 32 })
  linkedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'last_login_at', type: 'datetime', precision: 3, nullable: true })
  lastLoginAt!: Date | null;
}
