import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OidcEngine1764190000000 implements MigrationInterface {
  name = 'OidcEngine1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oidc_clients (
        client_id VARCHAR(64) NOT NULL PRIMARY KEY,
        name VARCHAR(128) NOT NULL,
        secret_cipher VARCHAR(512) NULL,
        metadata JSON NOT NULL,
        first_party TINYINT(1) NOT NULL DEFAULT 0,
        personid_approved TINYINT(1) NOT NULL DEFAULT 0,
        enabled TINYINT(1) NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // Long-lived provider artifacts (grants, refresh tokens) that must survive a Redis restart.
    await q.query(`
      CREATE TABLE oidc_artifacts (
        model VARCHAR(32) NOT NULL,
        id VARCHAR(191) NOT NULL,
        payload JSON NOT NULL,
        grant_id VARCHAR(191) NULL,
        account_id VARCHAR(64) NULL,
        expires_at DATETIME(3) NULL,
        consumed_at DATETIME(3) NULL,
        PRIMARY KEY (model, id),
        KEY ix_oidc_artifacts_grant (grant_id),
        KEY ix_oidc_artifacts_account (account_id),
        KEY ix_oidc_artifacts_expires (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`
      CREATE TABLE oidc_signing_keys (
        kid VARCHAR(64) NOT NULL PRIMARY KEY,
        alg VARCHAR(16) NOT NULL,
        status ENUM('next','active','retired') NOT NULL,
        private_jwk_cipher TEXT NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        activated_at DATETIME(3) NULL,
        retired_at DATETIME(3) NULL,
        KEY ix_oidc_signing_keys_status (status)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE oidc_signing_keys');
    await q.query('DROP TABLE oidc_artifacts');
    await q.query('DROP TABLE oidc_clients');
  }
}
