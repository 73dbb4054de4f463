import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizen certificates bound to accounts (自然人憑證登入): one row per certificate, found by the
 * issuing CA's key identifier and the serial (binary: exact comparison), history kept in
 * `replaced_at` when a renewed card is bound.
 */
export class CertificateBindings1764600000000 implements MigrationInterface {
  name = 'CertificateBindings1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificate_bindings (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        account_id BIGINT UNSIGNED NOT NULL,
        issuer_key_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        serial VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        fingerprint CHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        subject_dn VARCHAR(512) NOT NULL,
        not_before DATETIME(3) NOT NULL,
        not_after DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        last_used_at DATETIME(3) NOT NULL,
        replaced_at DATETIME(3) NULL,
        UNIQUE KEY uq_certificate_binding (issuer_key_id, serial),
        KEY ix_certificate_binding_account (account_id, replaced_at),
        CONSTRAINT fk_certificate_binding_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE certificate_bindings');
  }
}
