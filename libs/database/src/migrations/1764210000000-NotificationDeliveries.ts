import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per message the worker finished with: `sent` (never send again under this key) or
 * `dead` (gave up after the last attempt). Holds no message body, code or address.
 */
export class NotificationDeliveries1764210000000 implements MigrationInterface {
  name = 'NotificationDeliveries1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_deliveries (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        idempotency_key VARCHAR(128) NOT NULL,
        channel VARCHAR(8) NOT NULL,
        template VARCHAR(64) NOT NULL,
        status ENUM('sent','dead') NOT NULL,
        attempts INT UNSIGNED NOT NULL,
        last_error VARCHAR(512) NULL,
        provider_message_id VARCHAR(255) NULL,
        sent_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        UNIQUE KEY uq_deliveries_idempotency (idempotency_key),
        KEY ix_deliveries_status (status, updated_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notification_deliveries');
  }
}
