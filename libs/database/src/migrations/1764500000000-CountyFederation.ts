import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * County federation: the county providers (upstream identity providers, secrets encrypted) and
 * the county identities linked to accounts. Identifiers compare exactly (utf8mb4_bin).
 */
export class CountyFederation1764500000000 implements MigrationInterface {
  name = 'CountyFederation1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE county_providers (
        id VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
        name VARCHAR(32) NOT NULL,
        kind ENUM('oidc','oauth2') NOT NULL,
        issuer VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        client_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        client_secret_cipher VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        auth_method ENUM('client_secret_basic','client_secret_post') NOT NULL,
        scopes VARCHAR(255) NOT NULL,
        endpoints JSON NULL,
        subject_claim VARCHAR(128) NULL,
        claims_mapping JSON NULL,
        trust_national_id TINYINT NOT NULL DEFAULT 0,
        provision TINYINT NOT NULL DEFAULT 0,
        enabled TINYINT NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE county_links (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        account_id BIGINT UNSIGNED NOT NULL,
        provider_id VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        subject VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        linked_by VARCHAR(32) NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        last_login_at DATETIME(3) NULL,
        UNIQUE KEY uq_county_link_subject (provider_id, subject),
        UNIQUE KEY uq_county_link_account (account_id, provider_id),
        CONSTRAINT fk_county_link_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        CONSTRAINT fk_county_link_provider FOREIGN KEY (provider_id) REFERENCES county_providers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE county_links');
    await q.query('DROP TABLE county_providers');
  }
}
