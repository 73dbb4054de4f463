import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { BrowserContext } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AccountRepository, ChangeAccountStatusUseCase } from '#identity-core';
import { client, OidcHarness, STUDENT, TEACHER, type RegisteredClient } from './oidc-harness.js';

/**
 * How tokens end: single use under concurrency, with the browser session (logout, disabling), and
 * what a copy of the stores would give an attacker.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
const j = (r: Response): Promise<any> => r.json();
const sha256 = (v: string) => createHash('sha256').update(v).digest('base64url');
const OFFLINE = { scope: 'openid profile offline_access', prompt: 'consent' };

describe('token lifetimes and storage, end to end', () => {
  const h = new OidcHarness();
  let rp: RegisteredClient; // first party
  let rp2: RegisteredClient; // first party, signed in beside rp
  let config: client.Configuration;
  let config2: client.Configuration;
  let basic: string;
  let redis: Redis;

  before(async () => {
    await h.start();
    rp = await h.registerClient({ name: '校務系統', firstParty: true });
    rp2 = await h.registerClient({ name: '學習歷程', firstParty: true });
    config = await h.rpConfig(rp);
    config2 = await h.rpConfig(rp2);
    basic = `Basic ${Buffer.from(`${rp.id}:${rp.secret}`).toString('base64')}`;
    redis = new Redis(h.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  after(async () => {
    await redis?.quit();
    await h.stop();
  });

  const token = (body: Record<string, string>) =>
    fetch(`${h.idp.url}/oidc/v1/token`, {
      method: 'POST',
      headers: { authorization: basic },
      body: new URLSearchParams(body),
    });

  /** A code the browser brought back to the RP, not exchanged yet. */
  async function freshCode(context: BrowserContext) {
    const page = await context.newPage();
    const a = await h.authorizationUrl(config);
    await page.goto(a.url.toString());
    const callback = page.url().startsWith(h.rp.url) ? new URL(page.url()) : await h.login(page, STUDENT);
    await page.close();
    return { code: callback.searchParams.get('code')!, verifier: a.verifier };
  }

  const userinfoStatus = async (accessToken: string) =>
    (await fetch(`${h.idp.url}/oidc/v1/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }))
      .status;

  it('of 12 parallel exchanges of one code exactly one wins, and the replay revokes what it got', async () => {
    const context = await h.browser.newContext();
    const { code, verifier } = await freshCode(context);
    const body = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: h.rp.callback,
      code_verifier: verifier,
    };
    const responses = await Promise.all(Array.from({ length: 12 }, () => token(body)));
    const bodies = await Promise.all(responses.map(j));
    const won = bodies.filter((_, i) => responses[i]!.status === 200);
    assert.equal(won.length, 1, `winners: ${won.length}`);
    for (const [i, r] of responses.entries())
      if (r.status !== 200) assert.deepEqual([r.status, bodies[i].error], [400, 'invalid_grant']);
    const winner = won[0];
    assert.equal((await client.tokenIntrospection(config, winner.access_token)).active, false);
    assert.equal(await userinfoStatus(winner.access_token), 401);
    assert.equal(
      (await j(await token({ grant_type: 'refresh_token', refresh_token: winner.refresh_token }))).error,
      'invalid_grant',
    );
    await context.close();
  });

  it('of 10 parallel refreshes of one refresh token exactly one wins, and the replay revokes the grant', async () => {
    const context = await h.browser.newContext();
    const r = await h.fullLogin(config, context, STUDENT);
    const body = { grant_type: 'refresh_token', refresh_token: r.tokens.refresh_token! };
    const responses = await Promise.all(Array.from({ length: 10 }, () => token(body)));
    const bodies = await Promise.all(responses.map(j));
    const won = bodies.filter((_, i) => responses[i]!.status === 200);
    assert.equal(won.length, 1, `winners: ${won.length}`);
    for (const [i, res] of responses.entries())
      if (res.status !== 200) assert.deepEqual([res.status, bodies[i].error], [400, 'invalid_grant']);
    const refreshed = await j(
      await token({ grant_type: 'refresh_token', refresh_token: won[0].refresh_token }),
    );
    assert.equal(refreshed.error, 'invalid_grant', 'the token the winner got is revoked');
    assert.equal(await userinfoStatus(won[0].access_token), 401);
    assert.equal(await userinfoStatus(r.tokens.access_token), 401);
    await context.close();
  });

  it('RP-initiated logout ends the tokens of that session; only offline_access survives', async () => {
    const context = await h.browser.newContext();
    const online = await h.fullLogin(config, context, TEACHER);
    const onlineOther = await h.fullLogin(config2, context, TEACHER);
    const offline = await h.fullLogin(config2, context, TEACHER, OFFLINE);
    for (const at of [
      online.tokens.access_token,
      onlineOther.tokens.access_token,
      offline.tokens.access_token,
    ])
      assert.equal(await userinfoStatus(at), 200);

    const page = await context.newPage();
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: online.tokens.id_token!,
      post_logout_redirect_uri: `${h.rp.url}/bye`,
    });
    await page.goto(url.toString());
    await Promise.all([
      page.waitForURL((u) => u.toString().startsWith(`${h.rp.url}/bye`)),
      page.click('button[name=logout][value=yes]'),
    ]);
    await page.close();

    assert.equal(await userinfoStatus(online.tokens.access_token), 401);
    await assert.rejects(client.refreshTokenGrant(config, online.tokens.refresh_token!), {
      error: 'invalid_grant',
    });
    // The other RP's online tokens came from the same browser session: they end with it too.
    assert.equal(await userinfoStatus(onlineOther.tokens.access_token), 401);
    await assert.rejects(client.refreshTokenGrant(config2, onlineOther.tokens.refresh_token!), {
      error: 'invalid_grant',
    });
    // offline_access is what it says: the RP keeps access after the user signs out.
    assert.equal(await userinfoStatus(offline.tokens.access_token), 200);
    const kept = await client.refreshTokenGrant(config2, offline.tokens.refresh_token!);
    assert.equal(await userinfoStatus(kept.access_token), 200);
    await context.close();
  });

  it('stores hashes of codes and tokens, never the values, in Redis and MySQL', async () => {
    const context = await h.browser.newContext();
    const { code, verifier } = await freshCode(context);
    const prefix = `${h.env.REDIS_PREFIX}:oidc:`;
    assert.equal(await redis.exists(`${prefix}AuthorizationCode:{${sha256(code)}}`), 1, 'found by its hash');
    const t = await j(
      await token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: h.rp.callback,
        code_verifier: verifier,
      }),
    );
    assert.ok(t.access_token && t.refresh_token);
    assert.equal(await redis.exists(`${prefix}AccessToken:{${sha256(t.access_token)}}`), 1);

    const secrets = { code, access_token: t.access_token, refresh_token: t.refresh_token };
    const keys = await redis.keys(`${h.env.REDIS_PREFIX}:*`);
    const values = await Promise.all(
      keys.map(async (k) =>
        (await redis.type(k)) === 'string' ? await redis.get(k) : (await redis.smembers(k)).join(' '),
      ),
    );
    const rows = (await h.ctx.app.get(DataSource).query('SELECT model, id, payload FROM oidc_artifacts')) as {
      model: string;
      id: string;
      payload: unknown;
    }[];
    assert.ok(rows.some((r) => r.model === 'RefreshToken' && r.id === sha256(t.refresh_token)));
    const everything = [...keys, ...values, ...rows.map((r) => `${r.id} ${JSON.stringify(r.payload)}`)].join(
      '\n',
    );
    for (const [name, value] of Object.entries(secrets))
      assert.ok(!everything.includes(value), `${name} is stored in the clear`);
    // And still usable.
    assert.equal(await userinfoStatus(t.access_token), 200);
    assert.ok(
      (await j(await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token }))).access_token,
    );
    await context.close();
  });

  it('disabling an account ends its SSO sessions, grants and refresh tokens (for good, even if re-enabled)', async () => {
    const context = await h.browser.newContext();
    const online = await h.fullLogin(config, context, STUDENT);
    const offline = await h.fullLogin(config2, context, STUDENT, OFFLINE);
    const sub = online.tokens.claims()!.sub;
    const change = h.ctx.app.get(ChangeAccountStatusUseCase);
    await change.execute({ sub, event: 'disable', actor: 'admin:test' });

    const silent = async () => {
      const page = await context.newPage();
      const a = await h.authorizationUrl(config, { prompt: 'none' });
      await page.goto(a.url.toString());
      const error = new URL(page.url()).searchParams.get('error');
      await page.close();
      return error;
    };
    const dead = async () => {
      assert.equal(await silent(), 'login_required');
      for (const [c, t] of [
        [config, online.tokens],
        [config2, offline.tokens],
      ] as const) {
        assert.equal(await userinfoStatus(t.access_token), 401);
        await assert.rejects(client.refreshTokenGrant(c, t.refresh_token!), { error: 'invalid_grant' });
      }
    };
    await dead();
    // Re-enabling gives the account back, not the sessions and tokens it had.
    await change.execute({ sub, event: 'enable', actor: 'admin:test' });
    assert.equal((await h.ctx.app.get(AccountRepository).findBySub(sub))!.status, 'active');
    await dead();
    await context.close();
  });
});
