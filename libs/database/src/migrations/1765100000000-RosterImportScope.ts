import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A roster import remembers whose scope it was uploaded in (the portal: a county or school
 * admin's), so the worker that runs it refuses the lines outside it. `all` for the CLI and a
 * superadmin; `scope_value` is the county's name or the school's eduid. `classes` (JSON, set when
 * it ends): the school × grade × class of the lines it applied, for the portal's class letters.
 */
export class RosterImportScope1765100000000 implements MigrationInterface {
  name = 'RosterImportScope1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE roster_imports
        ADD COLUMN scope_kind ENUM('all','county','school') NOT NULL DEFAULT 'all',
        ADD COLUMN scope_value VARCHAR(64) COLLATE utf8mb4_bin NULL,
        ADD COLUMN classes MEDIUMTEXT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE roster_imports DROP COLUMN classes, DROP COLUMN scope_value, DROP COLUMN scope_kind',
    );
  }
}
