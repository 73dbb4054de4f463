import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { migrate } from '#database';
import { dropDatabase, freshDatabaseUrl } from '#test-support';

/** Column names that hold identifiers, tokens, codes, hashes, keys or audit references. */
const IDENTIFIER =
  /(^|_)(id|sub|username|hash|hmac|index|cipher|key|kid|subject|target|actor|token|code|ip|eduid)$/;

describe('identifier columns compare exactly (every migration applied)', () => {
  const url = freshDatabaseUrl();
  let db: Connection;
  before(async () => {
    await migrate(url);
    const u = new URL(url);
    db = await createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: u.username || 'root',
    });
    await db.query(`USE \`${u.pathname.slice(1)}\``);
  });
  after(async () => {
    await db?.end();
    await dropDatabase(url);
  });

  it('gives every identifier column a binary collation, and free text keeps the unicode one', async () => {
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLLATION_NAME AS collation FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND TABLE_NAME <> 'migrations'`,
    );
    const identifiers = rows.filter((r) => IDENTIFIER.test(r.c));
    assert.ok(identifiers.length >= 29, `found ${identifiers.map((r) => `${r.t}.${r.c}`).join(' ')}`);
    const loose = identifiers.filter((r) => r.collation !== 'utf8mb4_bin').map((r) => `${r.t}.${r.c}`);
    assert.deepEqual(loose, [], 'identifier columns without a binary collation');
    const text = (t: string, c: string) => rows.find((r) => r.t === t && r.c === c)?.collation;
    assert.equal(text('accounts', 'display_name'), 'utf8mb4_unicode_ci');
    assert.equal(text('accounts', 'email'), 'utf8mb4_unicode_ci');
  });

  it('matches a client id, a username or a school code only as stored', async () => {
    await db.query(
      `INSERT INTO oidc_clients (client_id, name, metadata) VALUES ('0a1b2c3d4e5f', 'RP', '{}')`,
    );
    await db.query(`INSERT INTO accounts (sub, username, display_name) VALUES (UUID(), 'sx.plain', 'x')`);
    await db.query(`INSERT INTO schools (eduid, name, county) VALUES ('074601a', '示範國中', '臺中市')`);
    const count = async (sql: string, value: string) =>
      ((await db.query<RowDataPacket[]>(sql, [value]))[0] as RowDataPacket[]).length;
    const client = 'SELECT 1 FROM oidc_clients WHERE client_id = ?';
    assert.equal(await count(client, '0a1b2c3d4e5f'), 1);
    assert.equal(await count(client, '0A1B2C3D4E5F'), 0);
    const user = 'SELECT 1 FROM accounts WHERE username = ?';
    // (utf8mb4_bin still pads: trailing spaces compare equal; typed names are trimmed before any lookup.)
    for (const variant of ['SX.plain', 'ŝx.plain', 'sx.plaín', 'ｓｘ.plain', 'sx.pla\u200Bin'])
      assert.equal(await count(user, variant), 0, variant);
    assert.equal(await count('SELECT 1 FROM schools WHERE eduid = ?', '074601A'), 0);
  });
});
