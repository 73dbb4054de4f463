import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '#database';
import { dropDatabase, freshDatabaseUrl } from '#test-support';
import { MysqlArtifacts, RedisArtifacts } from '../src/adapter/artifact-store.js';

const id = () => randomBytes(9).toString('base64url');

describe('RedisArtifacts (Redis)', () => {
  const prefix = `t-artifacts-${randomBytes(6).toString('hex')}:`;
  let redis: Redis;
  let store: RedisArtifacts;
  before(() => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    store = new RedisArtifacts(redis, prefix);
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('stores an artifact under the prefix with its lifetime, and reads it back', async () => {
    const a = id();
    await store.upsert('Interaction', a, { kind: 'Interaction', returnTo: '/x' }, 60);
    assert.deepEqual(await store.find('Interaction', a), { kind: 'Interaction', returnTo: '/x' });
    const ttl = await redis.ttl(`${prefix}Interaction:{${a}}`);
    assert.ok(ttl > 55 && ttl <= 60, String(ttl));
    const b = id();
    await store.upsert('Interaction', b, { kind: 'Interaction' }, undefined);
    assert.equal(await redis.ttl(`${prefix}Interaction:{${b}}`), -1, 'no lifetime: kept until destroyed');
    assert.equal(await store.find('Interaction', id()), undefined);
    assert.equal(await store.find('Session', a), undefined, 'models do not share ids');
  });

  it('consumes once: of parallel consumers exactly one is first, the rest see a replay', async () => {
    const code = id();
    await store.upsert('AuthorizationCode', code, { grantId: 'g1' }, 60);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.consume('AuthorizationCode', code)),
    );
    assert.deepEqual(results.sort(), ['first', ...Array(7).fill('replayed')].sort());
    const found = await store.find('AuthorizationCode', code);
    assert.equal(found?.grantId, 'g1');
    assert.ok(Math.abs(found!.consumed! - Date.now() / 1000) < 5, 'consumed at, in seconds');
    const ttl = await redis.pttl(`${prefix}AuthorizationCode:{${code}}:consumed`);
    assert.ok(ttl > 0 && ttl <= 60_000, 'the mark lives as long as the code');
    assert.equal(await store.consume('AuthorizationCode', id()), 'missing');
  });

  it('marks an artifact without a lifetime consumed for good', async () => {
    const a = id();
    await store.upsert('Session', a, {}, undefined);
    assert.equal(await store.consume('Session', a), 'first');
    assert.equal(await redis.pttl(`${prefix}Session:{${a}}:consumed`), -1);
    assert.equal(await store.consume('Session', a), 'replayed');
  });

  it('revokes every code and access token of a grant, and only those', async () => {
    const [c1, t1, t2, other] = [id(), id(), id(), id()];
    await store.upsert('AuthorizationCode', c1, { grantId: 'gA' }, 60);
    await store.upsert('AccessToken', t1, { grantId: 'gA' }, 60);
    await store.upsert('AccessToken', t2, { grantId: 'gA' }, undefined);
    await store.upsert('AccessToken', other, { grantId: 'gB' }, 60);
    await store.consume('AuthorizationCode', c1);
    const index = `${prefix}grant:AccessToken:gA`;
    assert.ok((await redis.ttl(index)) > 29 * 24 * 3600, 'the grant index outlives its tokens');
    await store.revokeGrant('gA');
    assert.equal(await store.find('AuthorizationCode', c1), undefined);
    assert.equal(await store.find('AccessToken', t1), undefined);
    assert.equal(await store.find('AccessToken', t2), undefined);
    assert.equal(await redis.exists(`${prefix}AuthorizationCode:{${c1}}:consumed`, index), 0);
    assert.deepEqual(await store.find('AccessToken', other), { grantId: 'gB' });
  });

  it('does not index artifacts of other models by grant', async () => {
    const s = id();
    await store.upsert('ClientCredentials', s, { grantId: 'gC' }, 60);
    assert.equal(await redis.exists(`${prefix}grant:ClientCredentials:gC`), 0);
    await store.revokeByGrantId('ClientCredentials', 'gC');
    assert.deepEqual(await store.find('ClientCredentials', s), { grantId: 'gC' });
  });

  it('finds a session by its uid while it lives, and forgets the uid when it is destroyed', async () => {
    const [s, uid] = [id(), id()];
    await store.upsert('Session', s, { uid, accountId: 'acct-1' }, 120);
    assert.deepEqual(await store.findByUid('Session', uid), { uid, accountId: 'acct-1' });
    const ttl = await redis.ttl(`${prefix}sessionUid:${uid}`);
    assert.ok(ttl > 100 && ttl <= 120, String(ttl));
    await store.destroy('Session', s);
    assert.equal(await store.find('Session', s), undefined);
    assert.equal(await store.findByUid('Session', uid), undefined);
    assert.equal(await redis.exists(`${prefix}sessionUid:${uid}`), 0);
    const [s2, uid2] = [id(), id()];
    await store.upsert('Session', s2, { uid: uid2 }, undefined);
    assert.deepEqual(await store.find('Session', s2), { uid: uid2 }, 'stored without a lifetime too');
    assert.equal(await redis.ttl(`${prefix}Session:{${s2}}`), -1);
    assert.equal(await redis.ttl(`${prefix}sessionUid:${uid2}`), -1);
    assert.equal(await store.findByUid('Session', id()), undefined);
  });

  /** The keys one call created or left under a fresh prefix. */
  async function keysAfter(run: (s: RedisArtifacts) => Promise<unknown>): Promise<string[]> {
    const p = `t-artifacts-${randomBytes(6).toString('hex')}:`;
    try {
      await run(new RedisArtifacts(redis, p));
      return (await redis.keys(`${p}*`)).map((k) => k.slice(p.length)).sort();
    } finally {
      const keys = await redis.keys(`${p}*`);
      if (keys.length) await redis.del(...keys);
    }
  }

  it('writes each artifact and exactly the indexes it needs, nothing else', async () => {
    assert.deepEqual(
      await keysAfter((s) => s.upsert('Session', 's1', { uid: 'u1', accountId: 'acct' }, 60)),
      ['Session:{s1}', 'accountSessions:acct', 'sessionUid:u1'],
    );
    assert.deepEqual(
      await keysAfter((s) => s.upsert('AccessToken', 't1', { grantId: 'g1', accountId: 'acct' }, 60)),
      ['AccessToken:{t1}', 'grant:AccessToken:g1'],
    );
    assert.deepEqual(
      await keysAfter((s) =>
        s.upsert('Interaction', 'i1', { uid: 'u2', accountId: 'acct', grantId: 'g1' }, 60),
      ),
      ['Interaction:{i1}', 'sessionUid:u2'],
    );
    assert.deepEqual(await keysAfter((s) => s.upsert('ClientCredentials', 'c1', { accountId: 'x' }, 60)), [
      'ClientCredentials:{c1}',
    ]);
  });

  it('destroys an artifact with its consumed mark and uid, and a missing one quietly', async () => {
    const left = await keysAfter(async (s) => {
      await s.upsert('Session', 's1', { uid: 'u1' }, 60);
      await s.consume('Session', 's1');
      await s.destroy('Session', 's1');
      await s.destroy('Session', 'never-was');
    });
    assert.deepEqual(left, []);
  });

  it('ends every session of one account, and no one else’s', async () => {
    const [a1, a2, b1] = [id(), id(), id()];
    await store.upsert('Session', a1, { accountId: 'acct-A' }, 120);
    await store.upsert('Session', a2, { accountId: 'acct-A', uid: id() }, 120);
    await store.upsert('Session', b1, { accountId: 'acct-B' }, 120);
    await store.upsert('Interaction', id(), { accountId: 'acct-A' }, 120);
    assert.deepEqual((await redis.smembers(`${prefix}accountSessions:acct-A`)).sort(), [a1, a2].sort());
    assert.ok((await redis.ttl(`${prefix}accountSessions:acct-A`)) > 29 * 24 * 3600);
    await store.destroyAccountSessions('acct-A');
    assert.equal(await store.find('Session', a1), undefined);
    assert.equal(await store.find('Session', a2), undefined);
    assert.deepEqual(await store.find('Session', b1), { accountId: 'acct-B' });
    assert.equal(await redis.exists(`${prefix}accountSessions:acct-A`), 0);
  });
});

describe('MysqlArtifacts (MariaDB)', () => {
  const url = freshDatabaseUrl();
  let ds: DataSource;
  let store: MysqlArtifacts;
  before(async () => {
    await migrate(url);
    ds = await new DataSource(dataSourceOptions(url)).initialize();
    store = new MysqlArtifacts(ds);
  });
  after(async () => {
    await ds?.destroy();
    await dropDatabase(url);
  });

  const row = async (model: string, key: string) =>
    (
      (await ds.query(
        'SELECT grant_id, account_id, expires_at, consumed_at FROM oidc_artifacts WHERE model = ? AND id = ?',
        [model, key],
      )) as {
        grant_id: string | null;
        account_id: string | null;
        expires_at: Date | null;
        consumed_at: Date | null;
      }[]
    )[0];

  it('stores a payload with its grant, account and expiry, and replaces it on upsert', async () => {
    const rt = id();
    await store.upsert('RefreshToken', rt, { grantId: 'g1', accountId: 'a1', scope: 'openid' }, 3600);
    assert.deepEqual(await store.find('RefreshToken', rt), {
      grantId: 'g1',
      accountId: 'a1',
      scope: 'openid',
    });
    const r = await row('RefreshToken', rt);
    assert.equal(r.grant_id, 'g1');
    assert.equal(r.account_id, 'a1');
    assert.ok(Math.abs(r.expires_at!.getTime() - (Date.now() + 3600_000)) < 60_000);
    assert.equal(await store.consume('RefreshToken', rt), 'first');
    await store.upsert('RefreshToken', rt, { scope: 'openid email' }, undefined);
    assert.deepEqual(
      await store.find('RefreshToken', rt),
      { scope: 'openid email' },
      'an upsert starts unconsumed',
    );
    const again = await row('RefreshToken', rt);
    assert.deepEqual([again.grant_id, again.account_id, again.expires_at], [null, null, null]);
    assert.equal(await store.find('RefreshToken', id()), undefined);
    assert.equal(await store.find('Grant', rt), undefined, 'models do not share ids');
  });

  it('does not find an expired artifact', async () => {
    const g = id();
    await store.upsert('Grant', g, { accountId: 'a1' }, 1);
    await ds.query('UPDATE oidc_artifacts SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE id = ?', [g]);
    assert.equal(await store.find('Grant', g), undefined);
  });

  it('consumes once: of parallel consumers exactly one is first', async () => {
    const rt = id();
    await store.upsert('RefreshToken', rt, { grantId: 'g2' }, 3600);
    const results = await Promise.all(Array.from({ length: 6 }, () => store.consume('RefreshToken', rt)));
    assert.deepEqual(results.sort(), ['first', ...Array(5).fill('replayed')].sort());
    const found = await store.find('RefreshToken', rt);
    assert.ok(Math.abs(found!.consumed! - Date.now() / 1000) < 60, 'consumed at, in seconds');
    assert.equal(await store.consume('RefreshToken', id()), 'missing');
  });

  it('revokes a grant and its refresh tokens, and nothing of another grant', async () => {
    const [rt1, rt2, other] = [id(), id(), id()];
    await store.upsert('Grant', 'gX', { accountId: 'a1' }, 3600);
    await store.upsert('Grant', 'gY', { accountId: 'a1' }, 3600);
    await store.upsert('RefreshToken', rt1, { grantId: 'gX' }, 3600);
    await store.upsert('RefreshToken', rt2, { grantId: 'gX' }, 3600);
    await store.upsert('RefreshToken', other, { grantId: 'gY' }, 3600);
    // A grant id is also stored as grant_id on the grant row itself; only the refresh tokens go with it.
    await store.upsert('Session', 'gX', { grantId: 'gX' }, 3600);
    await store.revokeGrant('gX');
    assert.equal(await store.find('Grant', 'gX'), undefined);
    assert.equal(await store.find('RefreshToken', rt1), undefined);
    assert.equal(await store.find('RefreshToken', rt2), undefined);
    assert.ok(await store.find('Grant', 'gY'));
    assert.ok(await store.find('RefreshToken', other));
    assert.ok(await store.find('Session', 'gX'));
  });

  it('destroys one artifact, and revokes one model of a grant', async () => {
    const [a, b, c] = [id(), id(), id()];
    await store.upsert('RefreshToken', a, { grantId: 'gZ' }, 3600);
    await store.upsert('RefreshToken', b, { grantId: 'gZ' }, 3600);
    await store.upsert('Grant', c, { grantId: 'gZ' }, 3600);
    await store.destroy('RefreshToken', a);
    assert.equal(await store.find('RefreshToken', a), undefined);
    assert.ok(await store.find('RefreshToken', b));
    await store.revokeByGrantId('RefreshToken', 'gZ');
    assert.equal(await store.find('RefreshToken', b), undefined);
    assert.ok(await store.find('Grant', c), 'other models of the grant stay');
  });
});
