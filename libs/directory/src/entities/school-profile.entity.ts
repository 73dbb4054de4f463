import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * What the public school directory tells about a school beyond its name and county, which stay in
 * identity-core's `schools` (the roster and affiliations refer to those).
 */
@Entity('school_directory')
export class SchoolProfileEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  eduid!: string;

  /** ROC school year of the list the entry came from, e.g. "114". */
  @Column({ type: 'varchar', length: 4, nullable: true })
  year!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  oid!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  tel!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  url!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  address!: string | null;

  /** e.g. ["國民小學"] or ["高級中等學校", "國民中學"]. */
  @Column({ name: 'school_systems', type: 'json' })
  schoolSystems!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
