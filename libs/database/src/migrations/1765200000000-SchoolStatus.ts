import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A school's status in the directory (`open` | `closed`), set by staff on the portal's schools
 * page: a closed school stays for the affiliations that name it. Binary collation like every
 * stored code (1764300000300).
 */
export class SchoolStatus1765200000000 implements MigrationInterface {
  name = 'SchoolStatus1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE schools ADD COLUMN status VARCHAR(16) COLLATE utf8mb4_bin NOT NULL DEFAULT 'open' AFTER county`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE schools DROP COLUMN status');
  }
}
