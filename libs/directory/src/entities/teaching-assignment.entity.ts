import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One teacher × school × term × class × subject: the source of the `relation` API for teachers. */
@Entity('teaching_assignments')
export class TeachingAssignmentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true })
  accountId!: string;

  @Column({ name: 'school_id', type: 'varchar', length: 16 })
  schoolId!: string;

  @Column({ type: 'varchar', length: 4 })
  year!: string;

  @Column({ type: 'varchar', length: 1 })
  semester!: string;

  @Column({ type: 'varchar', length: 4 })
  grade!: string;

  @Column({ name: 'class_no', type: 'varchar', length: 8 })
  classNo!: string;

  @Column({ name: 'class_title', type: 'varchar', length: 64, nullable: true })
  classTitle!: string | null;

  /** A subject (數學), or 導師 for the class's homeroom teacher. */
  @Column({ type: 'varchar', length: 64 })
  subject!: string;

  /** Where it came from: `import`, or `federation:<county>` when a county's claims refreshed it. */
  @Column({ type: 'varchar', length: 64 })
  source!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
