import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * libs/helpdesk: who may use the helpdesk portal and over what. One role per staff member (a
 * second grant replaces the first); `county` is set for county-admin only, `school_id` for
 * school-admin only (the CHECK keeps the scope and the role consistent).
 */
export class StaffRoles1764800000000 implements MigrationInterface {
  name = 'StaffRoles1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_roles (
        account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
        role ENUM('superadmin','county-admin','school-admin','helpdesk') NOT NULL,
        county VARCHAR(32) NULL,
        school_id VARCHAR(16) COLLATE utf8mb4_bin NULL,
        granted_by VARCHAR(128) NOT NULL,
        granted_at DATETIME(3) NOT NULL,
        KEY ix_staff_roles_county (county),
        KEY ix_staff_roles_school (school_id),
        CONSTRAINT ck_staff_roles_scope CHECK (
          (role = 'county-admin' AND county IS NOT NULL AND school_id IS NULL)
          OR (role = 'school-admin' AND school_id IS NOT NULL AND county IS NULL)
          OR (role IN ('superadmin','helpdesk') AND county IS NULL AND school_id IS NULL)),
        CONSTRAINT fk_staff_roles_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        CONSTRAINT fk_staff_roles_school FOREIGN KEY (school_id) REFERENCES schools (eduid)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE staff_roles');
  }
}
