import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Repository } from 'typeorm';
import type { PiiService } from '#identity-core';
import type { ClientChanges } from './client-changes.js';
import { ClientRepository } from './client.repository.js';
import type { OidcClientEntity } from './oidc-client.entity.js';

const client = (over: Partial<OidcClientEntity> = {}): OidcClientEntity => ({
  clientId: 'rp1',
  name: '校務系統',
  secretCipher: 'enc(s3cret)',
  metadata: { redirect_uris: ['https://rp.example.tw/cb'], scope: 'openid profile personid' },
  firstParty: false,
  personidApproved: false,
  enabled: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});

describe('ClientRepository', () => {
  let rows: OidcClientEntity[];
  let queries: unknown[];
  let outage: Error | null;
  let repo: ClientRepository;
  /** What this process announced, and how the repository hears other processes' changes. */
  let published: string[];
  let heard: ((clientId: string | null) => void) | null;
  // The cache reads Date.now(); the tests move it by hand.
  const realNow = Date.now;
  let now: number;
  const tick = (ms: number) => void (now += ms);

  beforeEach(() => {
    now = 1_000_000;
    Date.now = () => now;
    rows = [client()];
    queries = [];
    outage = null;
    const typeorm = {
      findOne: async (q: { where: { clientId: string } }) => {
        queries.push(q);
        if (outage) throw outage;
        return rows.find((r) => r.clientId === q.where.clientId) ?? null;
      },
      find: async (q: unknown) => (queries.push(q), rows),
      save: async (c: OidcClientEntity) => c,
    };
    const pii = { decrypt: (v: string) => v.replace(/^enc\((.*)\)$/, '$1') } as unknown as PiiService;
    published = [];
    heard = null;
    const changes = {
      publish: async (id: string) => void published.push(id),
      listen: (changed: (id: string | null) => void) => void (heard = changed),
    } as unknown as ClientChanges;
    repo = new ClientRepository(typeorm as unknown as Repository<OidcClientEntity>, pii, changes);
  });
  afterEach(() => void (Date.now = realNow));

  it('looks up only ids that can exist', async () => {
    assert.equal((await repo.find('rp1'))?.name, '校務系統');
    assert.deepEqual(queries, [{ where: { clientId: 'rp1' } }]);
    for (const id of ['', 'a'.repeat(65), 'rp 1', 'rp1/x', "rp1'--", 'rp1\n', '\nrp1'])
      assert.equal(await repo.find(id), null, JSON.stringify(id));
    assert.equal(queries.length, 1);
    await repo.find(`${'a'.repeat(62)}.-`); // 64 characters
    assert.equal(queries.length, 2);
  });

  it('lists clients oldest first', async () => {
    assert.deepEqual(await repo.list(), rows);
    assert.deepEqual(queries, [{ order: { createdAt: 'ASC' } }]);
  });

  it('gives oidc-provider the registration with the secret in clear and without an unapproved personid', async () => {
    assert.deepEqual(await repo.providerMetadata('rp1'), {
      redirect_uris: ['https://rp.example.tw/cb'],
      scope: 'openid profile',
      client_id: 'rp1',
      client_name: '校務系統',
      first_party: false,
      client_secret: 's3cret',
    });
  });

  it('keeps personid for an approved client, and tidies the scope list', async () => {
    rows = [
      client({
        personidApproved: true,
        firstParty: true,
        secretCipher: null,
        metadata: { scope: ' openid  personid ', token_endpoint_auth_method: 'none' },
      }),
    ];
    assert.deepEqual(await repo.providerMetadata('rp1'), {
      scope: 'openid personid',
      token_endpoint_auth_method: 'none',
      client_id: 'rp1',
      client_name: '校務系統',
      first_party: true,
    });
    rows = [client({ clientId: 'rp2', metadata: {} })];
    // Never an empty scope list (the engine would then allow every scope): at least openid.
    assert.equal((await repo.providerMetadata('rp2'))?.['scope'], 'openid');
  });

  it('knows no disabled or unknown client', async () => {
    rows = [client({ enabled: false })];
    assert.equal(await repo.providerMetadata('rp1'), undefined);
    assert.equal(await repo.providerMetadata('nobody'), undefined);
  });

  it('caches registrations, unknown ids too, for 30 seconds; saving a client drops its entry', async () => {
    await repo.providerMetadata('rp1');
    await repo.providerMetadata('nobody');
    tick(29_999);
    await repo.providerMetadata('rp1');
    await repo.providerMetadata('nobody');
    assert.equal(queries.length, 2);
    tick(1);
    await repo.providerMetadata('rp1');
    assert.equal(queries.length, 3);

    rows = [client({ enabled: false })];
    await repo.save(rows[0]!);
    assert.equal(await repo.providerMetadata('rp1'), undefined, 'a disabled client is refused at once');
    assert.equal(queries.length, 4);
    assert.deepEqual(published, ['rp1'], 'and every other process is told');
  });

  it('drops a registration at once when another process changes it, and everything when it may have missed some', async () => {
    assert.equal(heard === null, true, 'a process that never serves the engine does not subscribe');
    await repo.providerMetadata('rp1');
    await repo.providerMetadata('rp2');
    assert.equal(typeof heard, 'function', 'the engine process listens from its first lookup');
    heard!('rp1');
    await repo.providerMetadata('rp1');
    await repo.providerMetadata('rp2');
    assert.equal(queries.length, 3, 'rp1 asked again, rp2 still cached');
    heard!(null); // the subscription (re)connected
    await repo.providerMetadata('rp1');
    await repo.providerMetadata('rp2');
    assert.equal(queries.length, 5);
    assert.deepEqual(published, [], 'hearing a change announces nothing');
  });

  it('does not cache what it loaded while a change was announced (the old registration)', async () => {
    let release!: () => void;
    const typeormFind = (repo as unknown as { repo: { findOne: (q: unknown) => Promise<unknown> } }).repo;
    const original = typeormFind.findOne;
    typeormFind.findOne = async (q) => {
      const row = await original(q); // read before the change committed
      await new Promise<void>((r) => (release = r));
      return row;
    };
    const loading = repo.providerMetadata('rp1');
    await new Promise((r) => setImmediate(r));
    rows = [client({ enabled: false })];
    heard!('rp1');
    release();
    assert.equal((await loading)?.client_name, '校務系統', 'that request saw the registration it read');
    typeormFind.findOne = original;
    assert.equal(await repo.providerMetadata('rp1'), undefined, 'the next one reads the change');
  });

  it('uses an expired registration while MySQL is down, for ten minutes at most; other errors are not hidden', async () => {
    assert.equal((await repo.providerMetadata('rp1'))?.client_name, '校務系統');
    outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    tick(30_000);
    assert.equal((await repo.providerMetadata('rp1'))?.client_name, '校務系統', 'stale, not gone');
    await assert.rejects(repo.providerMetadata('never-seen'), /ECONNREFUSED/);
    tick(10 * 60_000);
    await assert.rejects(repo.providerMetadata('rp1'), /ECONNREFUSED/, 'past ten minutes the outage shows');
    outage = new Error('ER_BAD_FIELD_ERROR');
    tick(-10 * 60_000);
    await assert.rejects(repo.providerMetadata('rp1'), /ER_BAD_FIELD_ERROR/, 'a bug is not an outage');
    outage = null;
    tick(1);
    assert.equal((await repo.providerMetadata('rp1'))?.client_name, '校務系統');
  });

  it('bounds the cache: past 5000 entries it starts over', async () => {
    for (let i = 0; i < 4999; i++) await repo.providerMetadata(`x${i}`);
    await repo.providerMetadata('rp1');
    const n = queries.length;
    await repo.providerMetadata('rp1');
    assert.equal(queries.length, n, 'still cached at 5000 entries');
    await repo.providerMetadata('one-more');
    await repo.providerMetadata('rp1');
    assert.equal(queries.length, n + 2, 'the cache was emptied');
  });
});
