/**
 * Redis Cluster runs a MULTI, a script or a multi-key command only when all its keys are in one
 * hash slot. This spec records (MONITOR) every atomic operation the idp sends while it serves
 * representative flows — a wrong password, a password login with consent, the code exchange, a
 * replayed code (the grant is revoked), userinfo, RP-initiated logout — and requires each to stay
 * in one slot. It first shows that the recorder catches an operation that does not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { clusterSlot, RedisOperationRecorder } from '#test-support';
import { client, OidcHarness, STUDENT, type RegisteredClient } from './oidc-harness.js';

describe('Redis Cluster: every atomic operation of a login stays in one hash slot', () => {
  const h = new OidcHarness();
  let rp: RegisteredClient;
  let config: client.Configuration;
  let redis: Redis;
  let recorder: RedisOperationRecorder;

  before(async () => {
    await h.start();
    rp = await h.registerClient({ name: '校務系統', firstParty: false });
    config = await h.rpConfig(rp);
    redis = new Redis(h.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = h.env.REDIS_PREFIX!;
    recorder = await RedisOperationRecorder.start(h.env.REDIS_URL ?? 'redis://127.0.0.1:6379', (k) =>
      k.includes(prefix),
    );
  });
  after(async () => {
    recorder?.stop();
    redis?.disconnect();
    await h.stop();
  });

  it('catches an operation whose keys are in two slots (the recorder can fail)', async () => {
    const p = h.env.REDIS_PREFIX!;
    const [a, b] = [`${p}:probe:a`, `${p}:probe:b`];
    assert.notEqual(clusterSlot(a), clusterSlot(b));
    assert.equal(clusterSlot(`${p}:x:{t}`), clusterSlot(`${p}:y:{t}:z`), 'a hash tag decides the slot');
    await redis.multi().set(a, '1', 'EX', 5).set(b, '1', 'EX', 5).exec();
    await redis.eval("return redis.call('EXISTS', KEYS[1], KEYS[2])", 2, a, b);
    await redis.del(a, b);
    await recorder.settle(redis);
    const caught = recorder.crossSlot();
    assert.deepEqual(
      caught.map((o) => o.commands.map((c) => c[0]!.toLowerCase())),
      [['set', 'set'], ['eval'], ['del']],
    );
    recorder.operations.length = 0;
  });

  it('sends none across slots through a login, a code replay, userinfo and logout', async () => {
    const context = await h.browser.newContext();
    const wrong = await context.newPage();
    await wrong.goto((await h.authorizationUrl(config)).url.toString());
    await assert.rejects(h.login(wrong, { ...STUDENT, password: 'not-the-password' }), /login refused/);
    await wrong.close();

    const r = await h.fullLogin(config, context, STUDENT);
    assert.ok(r.tokens.access_token);
    const userinfo = await fetch(`${h.idp.url}/oidc/v1/userinfo`, {
      headers: { authorization: `Bearer ${r.tokens.access_token}` },
    });
    assert.equal(userinfo.status, 200);
    // The code again: refused, and the engine revokes what the grant issued.
    await assert.rejects(
      client.authorizationCodeGrant(config, r.callback, {
        pkceCodeVerifier: r.verifier,
        expectedState: r.state,
        expectedNonce: r.nonce,
      }),
      { error: 'invalid_grant' },
    );
    const second = await h.fullLogin(config, context, STUDENT);
    const page = await context.newPage();
    await page.goto(
      client
        .buildEndSessionUrl(config, {
          id_token_hint: second.tokens.id_token!,
          post_logout_redirect_uri: `${h.rp.url}/bye`,
        })
        .toString(),
    );
    await Promise.all([
      page.waitForURL((u) => u.toString().startsWith(`${h.rp.url}/bye`)),
      page.click('button[name=logout][value=yes]'),
    ]);
    await context.close();
    await recorder.settle(redis);

    const crossing = recorder
      .crossSlot()
      .map((o) => `${o.commands.map((c) => c[0]).join('+')}: ${o.keys.join(' ')}`);
    assert.deepEqual(crossing, []);
    const ops = recorder.operations;
    const kinds = (name: string) => ops.filter((o) => o.commands.some((c) => c[0]!.toLowerCase() === name));
    // Not vacuous: the flows did send the operations that used to span slots.
    assert.ok(
      kinds('evalsha').some((o) => o.keys.some((k) => k.includes(':s:{'))),
      'attempt gate, account side',
    );
    assert.ok(
      kinds('evalsha').some((o) => o.keys.some((k) => k.includes(':ip:{'))),
      'attempt gate, IP side',
    );
    assert.ok(
      kinds('mget').some((o) => o.keys.some((k) => k.includes(':oidc:Session:{'))),
      'artifact reads',
    );
    assert.ok(
      ops.some((o) => o.keys.some((k) => k.includes(':oidc:AuthorizationCode:{') && k.endsWith(':consumed'))),
      'the code consumed',
    );
    assert.ok(
      ops.some((o) => o.keys.some((k) => k.includes(':oidc:grant:'))),
      'the grant index written and revoked',
    );
    assert.ok(ops.length > 30, `${ops.length} operations`);
  });
});
