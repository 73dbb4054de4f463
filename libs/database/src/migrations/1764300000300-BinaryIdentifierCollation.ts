import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identifiers compare exactly. Under utf8mb4_unicode_ci `SX…`, `ŝx…` and `ｓｘ…` all equal
 * `sx…`, so a lookup by client id, username, code, token or hash matched more than its value
 * (an upper-cased client_id was accepted). Every column holding an id, token, code, hash, key,
 * cipher text or an audit reference becomes utf8mb4_bin. Not ascii_bin: comparing an ascii
 * column with a non-ASCII parameter is an "Illegal mix of collations" error, i.e. a 500 for
 * anyone who sends one. Free text (names, messages, emails) keeps the unicode collation.
 */
const COLUMNS: Record<string, string[]> = {
  // username is lower-case ASCII after normalisation (accounts/username.ts): binary is right for it too.
  accounts: ['sub', 'username', 'national_id_cipher', 'national_id_index', 'password_hash'],
  schools: ['eduid'],
  affiliations: ['school_id'],
  audit_events: ['actor', 'action', 'target', 'ip'],
  oidc_clients: ['client_id', 'secret_cipher'],
  oidc_signing_keys: ['kid', 'alg', 'private_jwk_cipher'],
  notification_outbox: ['idempotency_key', 'channel', 'payload_cipher'],
  notification_deliveries: ['idempotency_key', 'channel', 'template', 'provider_message_id'],
  activation_codes: ['school_id', 'code_hash', 'issued_by'],
  account_applications: ['national_id_cipher', 'national_id_index', 'locale', 'reviewer', 'ip'],
  password_reset_challenges: ['token_hash', 'subject', 'code_hmac', 'locale'],
  // oidc_artifacts was created utf8mb4_bin.
};

/** A referenced column cannot change collation under its foreign keys: they are dropped and re-added. */
const SCHOOL_FOREIGN_KEYS = [
  { table: 'affiliations', name: 'fk_affiliation_school' },
  { table: 'activation_codes', name: 'fk_activation_code_school' },
];

export class BinaryIdentifierCollation1764300000300 implements MigrationInterface {
  name = 'BinaryIdentifierCollation1764300000300';

  async up(q: QueryRunner): Promise<void> {
    await this.change(q, 'utf8mb4_bin');
    // With an exact comparison, uniqueness "regardless of case" holds only if names are stored in
    // one form: the normalised one (lower-case, the username alphabet), as the application writes them.
    await q.query(
      `ALTER TABLE accounts ADD CONSTRAINT ck_accounts_username CHECK (username REGEXP '^[a-z0-9._-]{1,64}$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE accounts DROP CONSTRAINT ck_accounts_username');
    await this.change(q, 'utf8mb4_unicode_ci');
  }

  private async change(q: QueryRunner, collation: string): Promise<void> {
    for (const fk of SCHOOL_FOREIGN_KEYS)
      await q.query(`ALTER TABLE ${fk.table} DROP FOREIGN KEY ${fk.name}`);
    for (const [table, columns] of Object.entries(COLUMNS)) {
      // Each column keeps its type, nullability and default as they are now (later migrations may have changed them).
      const rows: { name: string; type: string; nullable: string; def: string | null }[] = await q.query(
        `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
        [table],
      );
      const modify = columns.map((name) => {
        const c = rows.find((r) => r.name === name);
        if (!c) throw new Error(`${table}.${name}: no such column`);
        const def = c.def === null || c.def === 'NULL' ? '' : ` DEFAULT ${c.def}`;
        return `MODIFY ${name} ${c.type} COLLATE ${collation} ${c.nullable === 'YES' ? 'NULL' : 'NOT NULL'}${def}`;
      });
      await q.query(`ALTER TABLE ${table} ${modify.join(', ')}`);
    }
    for (const fk of SCHOOL_FOREIGN_KEYS)
      await q.query(
        `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} FOREIGN KEY (school_id) REFERENCES schools (eduid)`,
      );
  }
}
