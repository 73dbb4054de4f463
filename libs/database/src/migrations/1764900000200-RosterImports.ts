import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roster imports run as Bull jobs (`roster:import --async`, the admin upload): one row per upload
 * holds the file (encrypted with the PII keys: it is a list of national IDs; cleared when the job
 * ends), the progress any process can read, the counts and the row-level error report (CSV).
 */
export class RosterImports1764900000200 implements MigrationInterface {
  name = 'RosterImports1764900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_imports (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        status ENUM('queued','running','done','failed') NOT NULL DEFAULT 'queued',
        actor VARCHAR(128) COLLATE utf8mb4_bin NOT NULL,
        file_name VARCHAR(255) NULL,
        content_cipher LONGTEXT COLLATE utf8mb4_bin NULL,
        content_hash CHAR(64) COLLATE utf8mb4_bin NOT NULL,
        encoding VARCHAR(16) NULL,
        total INT UNSIGNED NOT NULL DEFAULT 0,
        done INT UNSIGNED NOT NULL DEFAULT 0,
        created INT UNSIGNED NOT NULL DEFAULT 0,
        updated INT UNSIGNED NOT NULL DEFAULT 0,
        unchanged INT UNSIGNED NOT NULL DEFAULT 0,
        refused INT UNSIGNED NOT NULL DEFAULT 0,
        report MEDIUMTEXT NULL,
        error VARCHAR(512) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        started_at DATETIME(3) NULL,
        finished_at DATETIME(3) NULL,
        KEY ix_roster_imports_actor (actor, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE roster_imports');
  }
}
