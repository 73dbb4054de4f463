import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The applications queue flags a possible duplicate by name + birth date too (someone whose
 * national ID was mistyped, or who applies twice with a resident certificate number): indexes so
 * that check is a look-up, not a scan of every account.
 */
export class ApplicationDuplicates1764900000300 implements MigrationInterface {
  name = 'ApplicationDuplicates1764900000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts ADD KEY ix_accounts_name_birth (display_name, birth_date)`);
    await q.query(
      `ALTER TABLE account_applications ADD KEY ix_applications_name_birth (display_name, birth_date, status)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account_applications DROP KEY ix_applications_name_birth`);
    await q.query(`ALTER TABLE accounts DROP KEY ix_accounts_name_birth`);
  }
}
