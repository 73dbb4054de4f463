import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate, MIGRATIONS } from '#database';
import { dropDatabase, freshDatabaseUrl } from '#test-support';

/** Refresh tokens stored before tokens were kept hashed: the migration converts them in place. */
describe('migration HashTokenIds (MariaDB)', () => {
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
    const migration = MIGRATIONS.map((m) => new m()).find((m) => m.name === 'HashTokenIds1764300000100');
    assert.ok(migration, 'registered in MIGRATIONS');
    const runner = ds.createQueryRunner();
    try {
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows = (await ds.query('SELECT model, id, payload FROM oidc_artifacts ORDER BY model, id')) as {
      model: string;
      id: string;
      payload: string | object;
    }[];
    const parse = (p: string | object) =>
      (typeof p === 'string' ? JSON.parse(p) : p) as Record<string, unknown>;
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
});
