import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requeuing dead letters (`notifications:requeue`): a delivery record can be `requeued` (sent
 * again through the outbox, by whom is in the audit trail), counted in `requeues`; the outbox
 * row's `generation` names the Bull job of each requeue (`<key>#<n>`), since Bull keeps the failed
 * job under the plain key and would ignore a second job with that id.
 */
export class NotificationRequeue1764900000100 implements MigrationInterface {
  name = 'NotificationRequeue1764900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notification_deliveries
        MODIFY status ENUM('sent','dead','requeued') NOT NULL,
        ADD COLUMN requeues INT UNSIGNED NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE notification_outbox ADD COLUMN generation INT UNSIGNED NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_outbox DROP COLUMN generation`);
    await q.query(`DELETE FROM notification_deliveries WHERE status = 'requeued'`);
    await q.query(`
      ALTER TABLE notification_deliveries
        DROP COLUMN requeues,
        MODIFY status ENUM('sent','dead') NOT NULL`);
  }
}
