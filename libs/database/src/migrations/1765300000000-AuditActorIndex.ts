import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The helpdesk portal's audit log filters by actor and pages newest first by id (keyset, never
 * OFFSET). InnoDB appends the primary key to every secondary index, so `(actor)` is `(actor, id)`:
 * `WHERE actor IN (…) AND id < ? ORDER BY id DESC LIMIT n` is a backward range scan of it. Target
 * and action already have `(target, occurred_at)` and `(action, occurred_at)`.
 */
export class AuditActorIndex1765300000000 implements MigrationInterface {
  name = 'AuditActorIndex1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_events ADD KEY ix_audit_actor (actor)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_events DROP KEY ix_audit_actor');
  }
}
