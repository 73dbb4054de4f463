import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { errors, type AdapterPayload } from 'oidc-provider';
import type { ClientRepository } from '../clients/client.repository.js';
import type { ArtifactPayload, Consumption, MysqlArtifacts, RedisArtifacts } from './artifact-store.js';
import { DURABLE_MODELS, HASHED_MODELS, storageId } from './artifact-store.js';
import { hybridAdapter, revokeGrant, StorageUnavailable, type AdapterStores } from './hybrid.adapter.js';

const sha = (v: string) => createHash('sha256').update(v).digest('base64url');

/** One in-memory store, as RedisArtifacts and MysqlArtifacts behave, recording each call. */
class FakeStore {
  readonly rows = new Map<
    string,
    { payload: ArtifactPayload; expiresIn: number | undefined; consumed: boolean }
  >();
  readonly calls: string[] = [];
  revokedGrants: string[] = [];
  private k(model: string, id: string) {
    return `${model}:${id}`;
  }
  async upsert(model: string, id: string, payload: ArtifactPayload, expiresIn: number | undefined) {
    this.calls.push(`upsert ${model} ${id}`);
    this.rows.set(this.k(model, id), { payload, expiresIn, consumed: false });
  }
  async find(model: string, id: string) {
    this.calls.push(`find ${model} ${id}`);
    const row = this.rows.get(this.k(model, id));
    return row && (row.consumed ? { ...row.payload, consumed: 1 } : row.payload);
  }
  async findByUid(model: string, uid: string) {
    this.calls.push(`findByUid ${model} ${uid}`);
    return [...this.rows.values()].find((r) => r.payload.uid === uid)?.payload;
  }
  async consume(model: string, id: string): Promise<Consumption> {
    this.calls.push(`consume ${model} ${id}`);
    const row = this.rows.get(this.k(model, id));
    if (!row) return 'missing';
    if (row.consumed) return 'replayed';
    row.consumed = true;
    return 'first';
  }
  async destroy(model: string, id: string) {
    this.calls.push(`destroy ${model} ${id}`);
    this.rows.delete(this.k(model, id));
  }
  async revokeByGrantId(model: string, grantId: string) {
    this.calls.push(`revokeByGrantId ${model} ${grantId}`);
  }
  async revokeGrant(grantId: string) {
    this.revokedGrants.push(grantId);
  }
}

describe('hybrid adapter', () => {
  let redis: FakeStore;
  let mysql: FakeStore;
  let stores: AdapterStores;
  let metadataAsked: string[];
  let Adapter: ReturnType<typeof hybridAdapter>;

  beforeEach(() => {
    redis = new FakeStore();
    mysql = new FakeStore();
    metadataAsked = [];
    const clients = {
      providerMetadata: async (id: string) => (
        metadataAsked.push(id),
        id === 'rp1' ? { client_id: 'rp1' } : undefined
      ),
    } as unknown as ClientRepository;
    stores = {
      redis: redis as unknown as RedisArtifacts,
      mysql: mysql as unknown as MysqlArtifacts,
      clients,
    };
    Adapter = hybridAdapter(stores);
  });

  it('keeps bearer secrets only as SHA-256 of their value, and nothing else hashed', () => {
    assert.deepEqual([...HASHED_MODELS].sort(), [
      'AccessToken',
      'AuthorizationCode',
      'ClientCredentials',
      'RefreshToken',
    ]);
    assert.deepEqual([...DURABLE_MODELS].sort(), ['Grant', 'RefreshToken']);
    assert.equal(storageId('AuthorizationCode', 'code-1'), sha('code-1'));
    // Known answer: base64url(SHA-256("abc")), the form the migrations re-keyed stored tokens to.
    assert.equal(storageId('RefreshToken', 'abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    assert.equal(storageId('AccessToken', 'at'), sha('at'));
    assert.equal(storageId('ClientCredentials', 'cc'), sha('cc'));
    assert.equal(storageId('Session', 's1'), 's1');
    assert.equal(storageId('Grant', 'g1'), 'g1');
  });

  it('stores a code in Redis under its hash, without the code in the payload, and finds it again', async () => {
    const codes = new Adapter('AuthorizationCode');
    const payload = { jti: 'the-code', grantId: 'g1', accountId: 'a1', kind: 'AuthorizationCode' };
    await codes.upsert('the-code', payload as AdapterPayload, 60);
    const row = redis.rows.get(`AuthorizationCode:${sha('the-code')}`);
    assert.ok(row, 'stored under the hash');
    assert.equal(row.expiresIn, 60);
    assert.ok(!JSON.stringify(row.payload).includes('the-code'), 'neither the value nor a copy is stored');
    assert.equal(mysql.rows.size, 0);
    assert.deepEqual(await codes.find('the-code'), payload, 'the engine gets its jti back');
    assert.equal(await codes.find('another-code'), undefined);
  });

  it('keeps a hashed payload whose jti is not the id as it is', async () => {
    const at = new Adapter('AccessToken');
    await at.upsert('tok', { jti: 'other', accountId: 'a1' } as AdapterPayload, 3600);
    assert.deepEqual(redis.rows.get(`AccessToken:${sha('tok')}`)?.payload, { jti: 'other', accountId: 'a1' });
    assert.deepEqual(await at.find('tok'), { jti: 'other', accountId: 'a1' });
  });

  it('stores refresh tokens hashed in MySQL, grants as they are in MySQL, sessions as they are in Redis', async () => {
    await new Adapter('RefreshToken').upsert('rt', { jti: 'rt', grantId: 'g1' } as AdapterPayload, 100);
    await new Adapter('Grant').upsert('g1', { jti: 'g1', accountId: 'a1' } as AdapterPayload, 200);
    await new Adapter('Session').upsert('s1', { jti: 's1', uid: 'u1' } as AdapterPayload, 300);
    assert.deepEqual([...mysql.rows.keys()].sort(), [`Grant:g1`, `RefreshToken:${sha('rt')}`]);
    assert.deepEqual(mysql.rows.get('Grant:g1')?.payload, { jti: 'g1', accountId: 'a1' });
    assert.deepEqual(mysql.rows.get(`RefreshToken:${sha('rt')}`)?.payload, { grantId: 'g1' });
    assert.deepEqual([...redis.rows.keys()], ['Session:s1']);
    assert.deepEqual(redis.rows.get('Session:s1')?.payload, { jti: 's1', uid: 'u1' });
    assert.deepEqual(await new Adapter('RefreshToken').find('rt'), { jti: 'rt', grantId: 'g1' });
    assert.deepEqual(await new Adapter('Session').find('s1'), { jti: 's1', uid: 'u1' });
    assert.deepEqual(await new Adapter('Session').findByUid('u1'), { jti: 's1', uid: 'u1' });
    assert.equal(await new Adapter('Session').find('missing'), undefined);
    assert.equal(await new Adapter('Grant').find('missing'), undefined);
  });

  it('does not give a jti to a non-secret artifact stored without one', async () => {
    await new Adapter('Interaction').upsert('i1', { kind: 'Interaction' } as AdapterPayload, 60);
    assert.deepEqual(await new Adapter('Interaction').find('i1'), { kind: 'Interaction' });
  });

  it('reads clients from their registrations only, and refuses to store one', async () => {
    const clients = new Adapter('Client');
    assert.deepEqual(await clients.find('rp1'), { client_id: 'rp1' });
    assert.equal(await clients.find('nobody'), undefined);
    assert.deepEqual(metadataAsked, ['rp1', 'nobody']);
    await assert.rejects(
      clients.upsert('rp2', { client_id: 'rp2' } as AdapterPayload, 0),
      /registered with the CLI/,
    );
    assert.equal(redis.rows.size + mysql.rows.size, 0);
    assert.equal(await new Adapter('DeviceCode').findByUserCode('ABCD-EFGH'), undefined);
  });

  it('accepts the first use of a code', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c1', { jti: 'c1', grantId: 'g1' } as AdapterPayload, 60);
    await codes.consume('c1');
    assert.deepEqual(redis.calls.at(-1), `consume AuthorizationCode ${sha('c1')}`);
    assert.equal((await codes.find('c1'))?.consumed, 1);
    assert.deepEqual(redis.revokedGrants, []);
  });

  it('refuses a consumed code and revokes its grant in both stores', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c1', { jti: 'c1', grantId: 'g1' } as AdapterPayload, 60);
    await codes.consume('c1');
    await assert.rejects(codes.consume('c1'), (e: unknown) => {
      assert.ok(e instanceof errors.InvalidGrant);
      assert.match((e as Error & { error_detail: string }).error_detail, /authorization code already used/);
      return true;
    });
    assert.deepEqual(redis.revokedGrants, ['g1']);
    assert.deepEqual(mysql.revokedGrants, ['g1']);
  });

  it('refuses a replayed refresh token (MySQL) and revokes its grant', async () => {
    const rts = new Adapter('RefreshToken');
    await rts.upsert('rt', { jti: 'rt', grantId: 'g7' } as AdapterPayload, 60);
    await rts.consume('rt');
    await assert.rejects(rts.consume('rt'), (e: Error & { error_detail?: string }) =>
      /refresh token already used/.test(e.error_detail ?? ''),
    );
    assert.deepEqual(mysql.revokedGrants, ['g7']);
    assert.deepEqual(redis.revokedGrants, ['g7']);
    assert.ok(!redis.calls.some((c) => c.startsWith('consume')));
  });

  it('refuses a code that is gone without revoking anything', async () => {
    await assert.rejects(new Adapter('AuthorizationCode').consume('never'), errors.InvalidGrant);
    assert.deepEqual(redis.revokedGrants, []);
    assert.deepEqual(mysql.revokedGrants, []);
  });

  it('refuses a replayed code without a grant without revoking anything', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c2', { jti: 'c2' } as AdapterPayload, 60);
    await codes.consume('c2');
    await assert.rejects(codes.consume('c2'), errors.InvalidGrant);
    assert.deepEqual(redis.revokedGrants, []);
  });

  it('lets other models be consumed more than once (the engine decides for them)', async () => {
    const interactions = new Adapter('Interaction');
    await interactions.upsert('i1', { grantId: 'g1' } as AdapterPayload, 60);
    await interactions.consume('i1');
    await interactions.consume('i1');
    await interactions.consume('gone');
    assert.deepEqual(redis.revokedGrants, []);
  });

  it('destroys and revokes by grant in the store that holds the model', async () => {
    await new Adapter('RefreshToken').destroy('rt');
    await new Adapter('AccessToken').destroy('at');
    await new Adapter('Grant').destroy('g1');
    await new Adapter('RefreshToken').revokeByGrantId('g1');
    await new Adapter('AuthorizationCode').revokeByGrantId('g1');
    assert.deepEqual(mysql.calls, [
      `destroy RefreshToken ${sha('rt')}`,
      'destroy Grant g1',
      'revokeByGrantId RefreshToken g1',
    ]);
    assert.deepEqual(redis.calls, [
      `destroy AccessToken ${sha('at')}`,
      'revokeByGrantId AuthorizationCode g1',
    ]);
  });

  it('revokeGrant ends the grant in both stores', async () => {
    await revokeGrant(stores, 'g9');
    assert.deepEqual(redis.revokedGrants, ['g9']);
    assert.deepEqual(mysql.revokedGrants, ['g9']);
  });

  it('turns MySQL or Redis not answering into 503 temporarily_unavailable, and leaves other errors alone', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    redis.find = async () => {
      throw refused;
    };
    mysql.consume = async () => {
      throw new Error('Connection is closed.');
    };
    const unavailable = (e: unknown) => {
      assert.ok(e instanceof StorageUnavailable);
      assert.equal(e.statusCode, 503);
      assert.equal(e.expose, true);
      assert.equal(e.message, 'temporarily_unavailable');
      return true;
    };
    await assert.rejects(new Adapter('Session').find('s1'), unavailable);
    await assert.rejects(new Adapter('RefreshToken').consume('r1'), unavailable);
    // A defect stays a defect (500 in the engine), and a replay stays invalid_grant.
    const bug = new TypeError('x is undefined');
    mysql.find = async () => {
      throw bug;
    };
    await assert.rejects(new Adapter('Grant').find('g1'), (e) => e === bug);
    await assert.rejects(new Adapter('Client').upsert('rp1', {}, 1), /registered with the CLI/);
  });
});
