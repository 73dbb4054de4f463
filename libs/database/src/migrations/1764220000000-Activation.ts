import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Activation1764220000000 implements MigrationInterface {
  name = 'Activation1764220000000';

  async up(q: QueryRunner): Promise<void> {
    // One-time activation codes: only an HMAC of the code is kept (see libs/activation CodeHasher).
    await q.query(`
      CREATE TABLE activation_codes (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        account_id BIGINT UNSIGNED NOT NULL,
        school_id VARCHAR(16) NULL,
        code_hash CHAR(64) NOT NULL,
        issued_by VARCHAR(128) NOT NULL,
        issued_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        used_at DATETIME(3) NULL,
        revoked_at DATETIME(3) NULL,
        UNIQUE KEY uq_activation_codes_hash (code_hash),
        KEY ix_activation_codes_account (account_id, expires_at),
        CONSTRAINT fk_activation_code_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        CONSTRAINT fk_activation_code_school FOREIGN KEY (school_id) REFERENCES schools (eduid)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE account_applications (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        status ENUM('pending','approved','rejected') NOT NULL DEFAULT 'pending',
        national_id_cipher VARCHAR(255) NOT NULL,
        national_id_index CHAR(64) NOT NULL,
        display_name VARCHAR(128) NOT NULL,
        birth_date DATE NOT NULL,
        email VARCHAR(254) NOT NULL,
        phone VARCHAR(20) NOT NULL,
        locale VARCHAR(8) NOT NULL,
        duplicate_of ENUM('account','application') NULL,
        account_id BIGINT UNSIGNED NULL,
        reviewer VARCHAR(128) NULL,
        reason VARCHAR(500) NULL,
        reviewed_at DATETIME(3) NULL,
        ip VARCHAR(45) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        KEY ix_applications_status (status, created_at),
        KEY ix_applications_national_id (national_id_index),
        CONSTRAINT fk_application_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE SET NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE account_applications');
    await q.query('DROP TABLE activation_codes');
  }
}
