import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityCore1764180000000 implements MigrationInterface {
  name = 'IdentityCore1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        sub CHAR(36) NOT NULL,
        username VARCHAR(64) NULL,
        display_name VARCHAR(128) NOT NULL,
        given_name VARCHAR(64) NULL,
        family_name VARCHAR(64) NULL,
        email VARCHAR(254) NULL,
        email_verified TINYINT(1) NOT NULL DEFAULT 0,
        phone VARCHAR(20) NULL,
        phone_verified TINYINT(1) NOT NULL DEFAULT 0,
        birth_date DATE NULL,
        national_id_cipher VARCHAR(255) NULL,
        national_id_index CHAR(64) NULL,
        password_hash VARCHAR(255) NULL,
        password_changed_at DATETIME(3) NULL,
        status ENUM('pending','active','locked','disabled') NOT NULL DEFAULT 'pending',
        status_changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        UNIQUE KEY uq_accounts_sub (sub),
        UNIQUE KEY uq_accounts_username (username),
        UNIQUE KEY uq_accounts_national_id_index (national_id_index),
        KEY ix_accounts_email (email)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE schools (
        eduid VARCHAR(16) NOT NULL PRIMARY KEY,
        name VARCHAR(128) NOT NULL,
        county VARCHAR(32) NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE affiliations (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        account_id BIGINT UNSIGNED NOT NULL,
        school_id VARCHAR(16) NOT NULL,
        year VARCHAR(4) NOT NULL,
        semester VARCHAR(1) NOT NULL,
        titles JSON NOT NULL,
        grade VARCHAR(4) NULL,
        class_no VARCHAR(8) NULL,
        class_title VARCHAR(64) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        UNIQUE KEY uq_affiliation (account_id, school_id, year, semester),
        CONSTRAINT fk_affiliation_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        CONSTRAINT fk_affiliation_school FOREIGN KEY (school_id) REFERENCES schools (eduid)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE audit_events (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        occurred_at DATETIME(3) NOT NULL,
        actor VARCHAR(128) NOT NULL,
        action VARCHAR(64) NOT NULL,
        target VARCHAR(128) NULL,
        result ENUM('success','failure') NOT NULL,
        ip VARCHAR(45) NULL,
        user_agent VARCHAR(512) NULL,
        details JSON NULL,
        KEY ix_audit_target (target, occurred_at),
        KEY ix_audit_action (action, occurred_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // Append-only: the database itself refuses to rewrite history.
    await q.query(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only'`);
    await q.query(`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_events');
    await q.query('DROP TABLE affiliations');
    await q.query('DROP TABLE schools');
    await q.query('DROP TABLE accounts');
  }
}
