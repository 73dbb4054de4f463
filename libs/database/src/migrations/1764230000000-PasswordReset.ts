import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password reset challenges: one row per link or SMS code sent, also for identifiers without an
 * account (`account_id` NULL), so that unknown accounts go through exactly the same states.
 * Holds hashes only: `token_hash` = SHA-256 of the link token or form ticket, `code_hmac` = keyed
 * HMAC of the SMS code.
 */
export class PasswordReset1764230000000 implements MigrationInterface {
  name = 'PasswordReset1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE password_reset_challenges (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        token_hash CHAR(64) NOT NULL,
        account_id BIGINT UNSIGNED NULL,
        subject VARCHAR(64) NOT NULL,
        channel ENUM('email','sms') NOT NULL,
        code_hmac CHAR(64) NULL,
        attempts TINYINT UNSIGNED NOT NULL DEFAULT 0,
        locale VARCHAR(8) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        verified_at DATETIME(3) NULL,
        second_factor_at DATETIME(3) NULL,
        used_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        UNIQUE KEY uq_reset_token (token_hash),
        KEY ix_reset_account (account_id, used_at),
        KEY ix_reset_expires (expires_at),
        CONSTRAINT fk_reset_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE password_reset_challenges');
  }
}
