import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate, MIGRATIONS } from '#database';
import { dropDatabase, freshDatabaseUrl } from '#test-support';

const parse = (p: string | object) => (typeof p === 'string' ? JSON.parse(p) : p) as Record<string, unknown>;

/** Refresh tokens stored by the previous version: the migrations convert them in place. */
describe('refresh token migrations (MariaDB)', () => {
  const url = freshDatabaseUrl();
  let ds: DataSource;
  before(async () => {
    await migrate(url);
    ds = await new DataSource(dataSourceOptions(url)).initialize();
  });
  after(async () => {
    await ds?.destroy();
    await dropDatabase(url);
  });

  /** Runs one migration again over rows written the old way (they all ran on the empty database). */
  async function run(name: string) {
    const migration = MIGRATIONS.map((m) => new m()).find((m) => m.name === name);
    assert.ok(migration, `${name} is registered in MIGRATIONS`);
    const runner = ds.createQueryRunner();
    try {
      await migration.up(runner);
    } finally {
      await runner.release();
    }
  }

  it('re-keys refresh tokens by base64url(SHA-256(token)) without the jti copy, and nothing else', async () => {
    // Opaque token values use the whole base64url alphabet; include - and _ on purpose.
    const tokens = [`-_${randomBytes(30).toString('base64url')}`, randomBytes(32).toString('base64url')];
    for (const id of tokens)
      await ds.query(
        `INSERT INTO oidc_artifacts (model, id, payload, grant_id, account_id) VALUES ('RefreshToken', ?, ?, 'g1', 'a1')`,
        [id, JSON.stringify({ jti: id, kind: 'RefreshToken', grantId: 'g1', scope: 'openid' })],
      );
    await ds.query(
      `INSERT INTO oidc_artifacts (model, id, payload, account_id) VALUES ('Grant', 'g1', ?, 'a1')`,
      [JSON.stringify({ jti: 'g1', kind: 'Grant' })],
    );
    await run('HashTokenIds1764300000100');
    const rows = (await ds.query('SELECT model, id, payload FROM oidc_artifacts ORDER BY model, id')) as {
      model: string;
      id: string;
      payload: string | object;
    }[];
    const grant = rows.find((r) => r.model === 'Grant')!;
    assert.equal(grant.id, 'g1');
    assert.equal(parse(grant.payload).jti, 'g1');
    const refresh = rows.filter((r) => r.model === 'RefreshToken');
    assert.deepEqual(
      refresh.map((r) => r.id).sort(),
      tokens.map((v) => createHash('sha256').update(v).digest('base64url')).sort(),
    );
    for (const r of refresh) {
      assert.deepEqual(parse(r.payload), { kind: 'RefreshToken', grantId: 'g1', scope: 'openid' });
      assert.ok(!tokens.some((v) => JSON.stringify(r).includes(v)));
    }
  });

  it('binds refresh tokens without offline_access to their browser session; offline ones stay free', async () => {
    const rows: [string, string][] = [
      ['online', 'openid profile'],
      ['offline', 'openid offline_access profile'],
      ['offline-last', 'openid offline_access'],
      ['lookalike', 'openid offline_accessx'],
    ];
    for (const [id, scope] of rows)
      await ds.query(
        `INSERT INTO oidc_artifacts (model, id, payload, grant_id) VALUES ('RefreshToken', ?, ?, 'g2')`,
        [id, JSON.stringify({ kind: 'RefreshToken', scope, sessionUid: 'u1' })],
      );
    await run('SessionBoundRefreshTokens1764300000110');
    const bound = async (id: string) => {
      const [row] = (await ds.query(
        `SELECT payload FROM oidc_artifacts WHERE model = 'RefreshToken' AND id = ?`,
        [id],
      )) as { payload: string | object }[];
      return parse(row!.payload).expiresWithSession;
    };
    assert.equal(await bound('online'), true);
    assert.equal(await bound('lookalike'), true);
    assert.equal(await bound('offline'), undefined);
    assert.equal(await bound('offline-last'), undefined);
  });
});
