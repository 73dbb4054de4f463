import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * libs/directory: the public school directory's details (the school itself stays in `schools`,
 * identity-core's), who teaches which class and subject in which term, and parent–child links.
 * Identifiers are utf8mb4_bin like every other identifier column (1764300000300).
 */
export class Directory1764700000000 implements MigrationInterface {
  name = 'Directory1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE school_directory (
        eduid VARCHAR(16) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
        year VARCHAR(4) NULL,
        oid VARCHAR(128) COLLATE utf8mb4_bin NULL,
        tel VARCHAR(64) NULL,
        url VARCHAR(255) NULL,
        address VARCHAR(255) NULL,
        school_systems JSON NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        CONSTRAINT fk_school_directory_school FOREIGN KEY (eduid) REFERENCES schools (eduid) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE teaching_assignments (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        account_id BIGINT UNSIGNED NOT NULL,
        school_id VARCHAR(16) COLLATE utf8mb4_bin NOT NULL,
        year VARCHAR(4) COLLATE utf8mb4_bin NOT NULL,
        semester VARCHAR(1) COLLATE utf8mb4_bin NOT NULL,
        grade VARCHAR(4) COLLATE utf8mb4_bin NOT NULL,
        class_no VARCHAR(8) COLLATE utf8mb4_bin NOT NULL,
        class_title VARCHAR(64) NULL,
        subject VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
        source VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        UNIQUE KEY uq_teaching_assignment (account_id, school_id, year, semester, grade, class_no, subject),
        KEY ix_teaching_assignments_class (school_id, year, semester, grade, class_no),
        CONSTRAINT fk_teaching_assignment_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        CONSTRAINT fk_teaching_assignment_school FOREIGN KEY (school_id) REFERENCES schools (eduid)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE guardian_links (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        parent_account_id BIGINT UNSIGNED NOT NULL,
        child_account_id BIGINT UNSIGNED NOT NULL,
        school_id VARCHAR(16) COLLATE utf8mb4_bin NOT NULL,
        relationship VARCHAR(16) NULL,
        status ENUM('requested','confirmed','rejected','revoked') NOT NULL,
        source ENUM('import','request') NOT NULL,
        requested_by VARCHAR(128) COLLATE utf8mb4_bin NOT NULL,
        decided_by VARCHAR(128) COLLATE utf8mb4_bin NULL,
        decided_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        UNIQUE KEY uq_guardian_link (parent_account_id, child_account_id),
        KEY ix_guardian_links_child (child_account_id),
        KEY ix_guardian_links_school (school_id, status),
        CONSTRAINT fk_guardian_parent FOREIGN KEY (parent_account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        CONSTRAINT fk_guardian_child FOREIGN KEY (child_account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        CONSTRAINT fk_guardian_school FOREIGN KEY (school_id) REFERENCES schools (eduid)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guardian_links');
    await q.query('DROP TABLE teaching_assignments');
    await q.query('DROP TABLE school_directory');
  }
}
