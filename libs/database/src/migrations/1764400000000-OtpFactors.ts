import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second factors (libs/otp): an authenticator app per account (the TOTP secret encrypted with the
 * PII keyring; `last_step` is the last time step accepted, so a code works once), an opt-in for
 * SMS sign-in codes, and recovery codes stored as keyed hashes, each usable once.
 */
export class OtpFactors1764400000000 implements MigrationInterface {
  name = 'OtpFactors1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE otp_totp_credentials (
        account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
        secret_cipher VARCHAR(255) NULL,
        confirmed_at DATETIME(3) NULL,
        last_step BIGINT NULL,
        pending_secret_cipher VARCHAR(255) NULL,
        pending_since DATETIME(3) NULL,
        CONSTRAINT fk_totp_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`
      CREATE TABLE otp_sms_enrolments (
        account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
        enabled_at DATETIME(3) NOT NULL,
        CONSTRAINT fk_sms_enrolment_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`
      CREATE TABLE otp_recovery_codes (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        account_id BIGINT UNSIGNED NOT NULL,
        code_hmac CHAR(64) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        used_at DATETIME(3) NULL,
        UNIQUE KEY uq_recovery_code (account_id, code_hmac),
        CONSTRAINT fk_recovery_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE otp_recovery_codes');
    await q.query('DROP TABLE otp_sms_enrolments');
    await q.query('DROP TABLE otp_totp_credentials');
  }
}
