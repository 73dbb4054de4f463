/**
 * The Redis stores on a real Redis Cluster (three primaries, slots spread by redis-cli): the
 * engine's artifacts with their indexes, the attempt gate, one-time codes and the rate limiter,
 * all through ioredis's Cluster client. A cluster refuses (CROSSSLOT) any MULTI, script or
 * multi-key command whose keys span slots, which the first test shows it does.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Cluster, type Redis } from 'ioredis';
import {
  AttemptGate,
  Clock,
  RateLimiter,
  SIX_DIGITS,
  VerificationCodes,
  accountSubject,
  type Attempt,
  type IdentityCoreOptions,
} from '#identity-core';
import { RedisServerProcess } from '#test-support';
import { RedisArtifacts } from '../src/adapter/artifact-store.js';

const run = promisify(execFile);

describe('Redis Cluster (three primaries)', () => {
  const nodes: RedisServerProcess[] = [];
  let cluster: Cluster;
  const ns = `tc${randomBytes(4).toString('hex')}`;

  before(async () => {
    for (let i = 0; i < 3; i++)
      nodes.push(
        await RedisServerProcess.start(['--cluster-enabled', 'yes', '--cluster-node-timeout', '3000']),
      );
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((n) => `127.0.0.1:${n.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const deadline = Date.now() + 20_000; ;) {
      const { stdout } = await run('redis-cli', ['-p', String(nodes[0]!.port), 'cluster', 'info']);
      if (stdout.includes('cluster_state:ok')) break;
      if (Date.now() > deadline) throw new Error(`cluster not ready:\n${stdout}`);
      await sleep(200);
    }
    cluster = new Cluster(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })));
    await cluster.ping();
  });
  after(async () => {
    cluster?.disconnect();
    for (const n of nodes) await n.kill();
  });

  // The stores are typed for one Redis; the Cluster client speaks the same commands.
  const client = () => cluster as unknown as Redis;

  it('refuses an operation across slots (so the tests below can fail)', async () => {
    await assert.rejects(cluster.multi().set(`${ns}:a`, '1').set(`${ns}:b`, '1').exec(), /CROSSSLOT|slot/i);
    await assert.rejects(cluster.mget(`${ns}:a`, `${ns}:b`), /CROSSSLOT|slot/i);
  });

  it('stores, consumes, indexes and revokes the engine’s artifacts', async () => {
    const store = new RedisArtifacts(client(), `${ns}:oidc:`);
    const [code, token, session, uid] = ['c', 't', 's', 'u'].map(
      (p) => `${p}${randomBytes(8).toString('hex')}`,
    );
    await store.upsert('AuthorizationCode', code!, { grantId: 'g1' }, 60);
    await store.upsert('AccessToken', token!, { grantId: 'g1' }, 60);
    await store.upsert('Session', session!, { uid, accountId: 'acct' }, 120);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => store.consume('AuthorizationCode', code!)),
    );
    assert.deepEqual(results.sort(), ['first', 'replayed', 'replayed', 'replayed']);
    assert.ok((await store.find('AuthorizationCode', code!))?.consumed);
    assert.deepEqual(await store.findByUid('Session', uid!), { uid, accountId: 'acct' });
    assert.deepEqual(
      (await store.accountSessions('acct')).map((s) => s.id),
      [session],
    );
    await store.revokeGrant('g1');
    assert.equal(await store.find('AuthorizationCode', code!), undefined);
    assert.equal(await store.find('AccessToken', token!), undefined);
    await store.destroyAccountSessions('acct');
    assert.equal(await store.find('Session', session!), undefined);
    await store.destroy('Session', session!);
    assert.equal(await store.findByUid('Session', uid!), undefined);
  });

  it('runs the attempt gate: failures, waits, success and the IP budget', async () => {
    const gate = new AttemptGate(client(), new Clock(), {
      namespace: ns,
      ipMaxFailures: 3,
      ipCreditPerAccount: 0,
    });
    const begin = (id: string, ip = '192.0.2.7') =>
      gate.begin({ factor: 'pwd', subject: accountSubject(id), ip });
    for (let i = 0; i < 3; i++) {
      const a = (await begin(`acct${i}`)) as Attempt;
      assert.ok(a.allowed);
      assert.equal((await a.fail()).failures, 1);
    }
    assert.deepEqual(
      { ...(await begin('acct9')), retryAfterSeconds: 0 },
      {
        allowed: false,
        reason: 'ip',
        retryAfterSeconds: 0,
      },
    );
    // Another IP: the account's side alone decides; a right secret clears its count.
    const ok = (await begin('acct0', '198.51.100.4')) as Attempt;
    assert.ok(ok.allowed);
    await ok.succeed();
    assert.deepEqual(await gate.failures('pwd', accountSubject('acct0')), { failures: 0, permanent: false });
    const dropped = (await begin('acct1', '198.51.100.4')) as Attempt;
    await dropped.abandon();
    assert.deepEqual(await gate.failures('pwd', accountSubject('acct1')), { failures: 1, permanent: false });
    await gate.clear(accountSubject('acct1'));
  });

  it('issues and checks one-time codes, and counts requests', async () => {
    const codes = new VerificationCodes(client(), new Clock(), {
      blindIndexKey: randomBytes(32).toString('base64'),
      redisNamespace: ns,
    } as IdentityCoreOptions);
    // Tries across codes (triesSpanSeconds): the code's key and its tries' key in one script.
    const policy = {
      format: SIX_DIGITS,
      ttlSeconds: 60,
      maxTries: 3,
      resendAfterSeconds: 0,
      triesSpanSeconds: 600,
    };
    const issued = await codes.issue('test', 'subject-1', policy);
    const wrong = issued.code === '000000' ? '111111' : '000000';
    assert.deepEqual(await codes.check('test', 'subject-1', wrong, policy), {
      result: 'wrong',
      remainingTries: 2,
    });
    assert.equal((await codes.check('test', 'subject-1', issued.code, policy)).result, 'accepted');
    await codes.discard('test', 'subject-1');

    const limiter = new RateLimiter(client(), new Clock());
    const window = { max: 2, windowSeconds: 60 };
    assert.deepEqual(await limiter.hit(`${ns}:test:space`, 'someone', window), { allowed: true });
    assert.deepEqual(await limiter.hit(`${ns}:test:space`, 'someone', window), { allowed: true });
    assert.equal((await limiter.hit(`${ns}:test:space`, 'someone', window)).allowed, false);
  });
});
