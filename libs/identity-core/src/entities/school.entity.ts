import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** School directory entry; `eduid` is the ministry's school code (e.g. 074601). */
@Entity('schools')
export class SchoolEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  eduid!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  county!: string;

  /** `open` | `closed` (staff set it on the portal; a closed school stays for its affiliations). */
  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: 'open' | 'closed';

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
