import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AccountEntity } from './account.entity.js';
import { SchoolEntity } from './school.entity.js';

/** Account × school × school year/semester: the source of the `eduinfo` claim. */
@Entity('affiliations')
export class AffiliationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true })
  accountId!: string;

  @ManyToOne('AccountEntity', (a: AccountEntity) => a.affiliations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column({ name: 'school_id', type: 'varchar', length: 16 })
  schoolId!: string;

  @ManyToOne(() => SchoolEntity)
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;

  /** ROC school year, e.g. "113". */
  @Column({ type: 'varchar', length: 4 })
  year!: string;

  @Column({ type: 'varchar', length: 1 })
  semester!: string;

  /** e.g. ["教師","教務主任"] or ["學生"]. */
  @Column({ type: 'json' })
  titles!: string[];

  @Column({ type: 'varchar', length: 4, nullable: true })
  grade!: string | null;

  @Column({ name: 'class_no', type: 'varchar', length: 8, nullable: true })
  classNo!: string | null;

  @Column({ name: 'class_title', type: 'varchar', length: 64, nullable: true })
  classTitle!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
