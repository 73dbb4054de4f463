import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 申請編號: a random reference per application (libs/activation, application-reference.ts), shown
 * to the applicant and asked for by the status page. Binary collation like every identifier
 * (1764300000300). Applications from before have none; their applicants were mailed by row id.
 */
export class ApplicationReference1765000000000 implements MigrationInterface {
  name = 'ApplicationReference1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE account_applications
        ADD COLUMN reference CHAR(8) COLLATE utf8mb4_bin NULL AFTER id,
        ADD UNIQUE KEY uq_account_applications_reference (reference)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE account_applications DROP INDEX uq_account_applications_reference, DROP COLUMN reference',
    );
  }
}
