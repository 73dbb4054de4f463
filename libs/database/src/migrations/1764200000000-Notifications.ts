import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1764200000000 implements MigrationInterface {
  name = 'Notifications1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_outbox (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        idempotency_key VARCHAR(128) NOT NULL,
        channel VARCHAR(8) NOT NULL,
        payload_cipher TEXT NOT NULL,
        relayed_at DATETIME(3) NULL,
        attempts INT UNSIGNED NOT NULL DEFAULT 0,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        UNIQUE KEY uq_outbox_idempotency (idempotency_key),
        KEY ix_outbox_pending (relayed_at, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notification_outbox');
  }
}
