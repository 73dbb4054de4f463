import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The helpdesk portal finds an account by its mobile number (`SearchAccountsUseCase`, "phone"):
 * without an index that is a scan of every account in id order (EXPLAIN at 300,000 accounts: the
 * primary key, ~2 s per search; see docs/decisions.md). Mobile numbers are not unique (a parent's
 * number on several children's accounts), so a plain key.
 */
export class AccountPhoneIndex1765400000000 implements MigrationInterface {
  name = 'AccountPhoneIndex1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts ADD KEY ix_accounts_phone (phone)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts DROP KEY ix_accounts_phone`);
  }
}
