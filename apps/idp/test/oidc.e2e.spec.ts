import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { atHash, client, OidcHarness, STUDENT, TEACHER, type RegisteredClient } from './oidc-harness.js';

/** Response bodies in these tests are JSON objects we assert on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
const j = (r: Response): Promise<any> => r.json();

describe('OpenID Connect provider, end to end', () => {
  const h = new OidcHarness();
  let rpA: RegisteredClient; // third party: asks for consent
  let rpB: RegisteredClient; // first party: no consent
  let configA: client.Configuration;
  let configB: client.Configuration;

  before(async () => {
    await h.start();
    rpA = await h.registerClient({ name: '第三方學習平台', backchannelLogoutUri: `${h.rp.url}/backchannel` });
    rpB = await h.registerClient({ name: '因材網', firstParty: true });
    configA = await h.rpConfig(rpA);
    configB = await h.rpConfig(rpB);
  });
  after(() => h.stop());

  it('publishes discovery with the education cloud paths and RS256', async () => {
    const d = configA.serverMetadata();
    assert.equal(d.issuer, h.idp.url);
    assert.equal(d.authorization_endpoint, `${h.idp.url}/oidc/v1/azp`);
    assert.equal(d.token_endpoint, `${h.idp.url}/oidc/v1/token`);
    assert.equal(d.userinfo_endpoint, `${h.idp.url}/oidc/v1/userinfo`);
    assert.equal(d.jwks_uri, `${h.idp.url}/oidc/v1/jwksets`);
    assert.equal(d.end_session_endpoint, `${h.idp.url}/oidc/v1/logout-to-go`);
    assert.ok(d.id_token_signing_alg_values_supported?.includes('RS256'));
    assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
    for (const s of ['openid', 'profile', 'email', 'phone', 'eduinfo', 'personid', 'guid', 'openid2'])
      assert.ok(d.scopes_supported?.includes(s), s);
    for (const m of ['client_secret_basic', 'client_secret_post', 'private_key_jwt'])
      assert.ok(d.token_endpoint_auth_methods_supported?.includes(m), m);
  });

  describe('one browser', () => {
    let context: Awaited<ReturnType<typeof h.browser.newContext>>;
    let first: Awaited<ReturnType<typeof h.fullLogin>>;
    before(async () => {
      context = await h.browser.newContext();
    });
    after(() => context.close());

    it('signs in with code + PKCE, consent, and a valid ID token', async () => {
      first = await h.fullLogin(configA, context, STUDENT, { scope: 'openid profile email eduinfo' });
      const claims = first.tokens.claims()!;
      assert.equal(claims.iss, h.idp.url);
      assert.equal(claims.aud, rpA.id);
      assert.equal(claims.nonce, first.nonce);
      assert.match(claims.sub, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(claims.at_hash, atHash(first.tokens.access_token));
      assert.equal(decodeProtectedHeader(first.tokens.id_token!).alg, 'RS256');
      assert.ok(first.tokens.refresh_token, 'a refresh token, as the legacy service gives');
      assert.equal(first.tokens.token_type.toLowerCase(), 'bearer');
      assert.equal(first.tokens.expires_in, 3600);
      assert.equal(first.callback.searchParams.get('state'), first.state);
    });

    it('answers UserInfo by GET and POST, header and body, with only granted claims', async () => {
      const sub = first.tokens.claims()!.sub;
      const info = await client.fetchUserInfo(configA, first.tokens.access_token, sub);
      assert.equal(info.name, '林小華');
      assert.equal(info.preferred_username, 'lin.student');
      assert.equal(info.email, 'lin.student@example.edu.tw');
      assert.equal(info.email_verified, true);
      assert.equal((info.eduinfo as { schoolid: string }).schoolid, '074601');
      assert.equal(info.phone_number, undefined, 'phone scope not granted');
      assert.equal(info.personid, undefined);
      const at = first.tokens.access_token;
      const post = await fetch(`${h.idp.url}/oidc/v1/userinfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ access_token: at }),
      });
      assert.equal(post.status, 200);
      assert.equal((await j(post)).sub, sub);
      const postHeader = await fetch(`${h.idp.url}/oidc/v1/userinfo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${at}` },
      });
      assert.equal((await j(postHeader)).sub, sub);
      const legacy = await fetch(`${h.idp.url}/moeresource/api/v1/oidc/userinfo`, {
        headers: { authorization: `Bearer ${at}` },
      });
      assert.equal((await j(legacy)).sub, sub);
      const bad = await fetch(`${h.idp.url}/oidc/v1/userinfo`, { headers: { authorization: 'Bearer nope' } });
      assert.equal(bad.status, 401);
    });

    it('serves eduinfo in the legacy shape, and refuses personid/guid without their scopes', async () => {
      const headers = { authorization: `Bearer ${first.tokens.access_token}` };
      const edu = await j(await fetch(`${h.idp.url}/moeresource/api/v1/oidc/eduinfo`, { headers }));
      assert.deepEqual(edu, {
        sub: first.tokens.claims()!.sub,
        schoolid: '074601',
        titles: [{ schoolid: '074601', titles: ['學生'] }],
        classinfo: [
          {
            year: '115',
            semester: '1',
            schoolid: '074601',
            grade: '3',
            classno: '05',
            classtitle: '三年五班',
          },
        ],
      });
      const personid = await fetch(`${h.idp.url}/cncresource/api/v1/personid`, { headers });
      assert.equal(personid.status, 403);
      assert.match(personid.headers.get('www-authenticate')!, /insufficient_scope/);
      assert.equal((await fetch(`${h.idp.url}/cncresource/api/v1/guid`, { headers })).status, 403);
      assert.equal((await fetch(`${h.idp.url}/moeresource/api/v1/oidc/eduinfo`)).status, 401);
    });

    it('gives a second RP single sign-on without a password prompt or consent (first party)', async () => {
      const page = await context.newPage();
      const a = await h.authorizationUrl(configB);
      await page.goto(a.url.toString());
      assert.ok(page.url().startsWith(h.rp.callback), `landed on ${page.url()}`);
      const tokens = await client.authorizationCodeGrant(configB, new URL(page.url()), {
        pkceCodeVerifier: a.verifier,
        expectedState: a.state,
        expectedNonce: a.nonce,
      });
      assert.equal(tokens.claims()!.sub, first.tokens.claims()!.sub);
      await page.close();
    });

    it('prompt=none with a session returns a code; max_age=0 forces a new login', async () => {
      const page = await context.newPage();
      const a = await h.authorizationUrl(configB, { prompt: 'none' });
      await page.goto(a.url.toString());
      assert.ok(new URL(page.url()).searchParams.get('code'));
      const m = await h.authorizationUrl(configB, { max_age: '0' });
      await page.goto(m.url.toString());
      assert.ok(page.url().startsWith(`${h.idp.url}/interaction/`), 'max_age=0 shows the login page');
      const callback = await h.login(page, STUDENT);
      const tokens = await client.authorizationCodeGrant(configB, callback, {
        pkceCodeVerifier: m.verifier,
        expectedState: m.state,
        expectedNonce: m.nonce,
        maxAge: 0,
      });
      assert.ok(Number(tokens.claims()!.auth_time) >= Math.floor(Date.now() / 1000) - 30);
      await page.close();
    });

    it('rotates refresh tokens: the new one works, the old one fails, and reuse revokes the grant', async () => {
      const refreshed = await client.refreshTokenGrant(configA, first.tokens.refresh_token!);
      assert.ok(refreshed.access_token);
      assert.notEqual(refreshed.refresh_token, first.tokens.refresh_token);
      const again = await client.refreshTokenGrant(configA, refreshed.refresh_token!);
      assert.ok(again.access_token);
      await assert.rejects(client.refreshTokenGrant(configA, first.tokens.refresh_token!), {
        error: 'invalid_grant',
      });
      // Replaying a rotated token means it leaked: the whole grant goes (RFC 9700 4.14.2).
      await assert.rejects(client.refreshTokenGrant(configA, again.refresh_token!), {
        error: 'invalid_grant',
      });
      assert.equal((await client.tokenIntrospection(configA, again.access_token)).active, false);
    });

    it('introspects and revokes tokens', async () => {
      const fresh = await h.fullLogin(configA, context);
      const active = await client.tokenIntrospection(configA, fresh.tokens.access_token);
      assert.equal(active.active, true);
      assert.equal(active.client_id, rpA.id);
      // Another client learns nothing about a token that is not its own.
      assert.equal((await client.tokenIntrospection(configB, fresh.tokens.access_token)).active, false);
      await client.tokenRevocation(configA, fresh.tokens.access_token);
      assert.equal((await client.tokenIntrospection(configA, fresh.tokens.access_token)).active, false);
    });

    it('logs out RP-initiated with state, ends SSO and notifies RPs by back-channel', async () => {
      const page = await context.newPage();
      const before = h.rp.logoutTokens.length;
      const url = client.buildEndSessionUrl(configA, {
        id_token_hint: first.tokens.id_token!,
        post_logout_redirect_uri: `${h.rp.url}/bye`,
        state: 'bye-state',
      });
      await page.goto(url.toString());
      await Promise.all([
        page.waitForURL((u) => u.toString().startsWith(`${h.rp.url}/bye`)),
        page.click('button[name=logout][value=yes]'),
      ]);
      assert.equal(new URL(page.url()).searchParams.get('state'), 'bye-state');
      for (let i = 0; i < 50 && h.rp.logoutTokens.length === before; i++)
        await new Promise((r) => setTimeout(r, 100));
      assert.ok(
        h.rp.logoutTokens.length > before,
        `no back-channel logout token; idp said:\n${h.idp.output().slice(-3000)}`,
      );
      const lt = decodeJwt(h.rp.logoutTokens.at(-1)!);
      assert.equal(lt.aud, rpA.id);
      assert.equal(lt.sub, first.tokens.claims()!.sub);
      assert.ok((lt.events as Record<string, unknown>)['http://schemas.openid.net/event/backchannel-logout']);
      // The SSO session is gone: prompt=none now needs a login.
      const a = await h.authorizationUrl(configB, { prompt: 'none' });
      await page.goto(a.url.toString());
      assert.equal(new URL(page.url()).searchParams.get('error'), 'login_required');
      await page.close();
    });
  });

  it('prompt=none without a session returns login_required', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const a = await h.authorizationUrl(configA, { prompt: 'none' });
    await page.goto(a.url.toString());
    const cb = new URL(page.url());
    assert.equal(cb.searchParams.get('error'), 'login_required');
    assert.equal(cb.searchParams.get('state'), a.state);
    await context.close();
  });

  it('refuses a reused code and revokes the tokens it issued', async () => {
    const context = await h.browser.newContext();
    const r = await h.fullLogin(configB, context, TEACHER);
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code: r.callback.searchParams.get('code')!,
      redirect_uri: h.rp.callback,
      code_verifier: r.verifier,
    });
    const basic = `Basic ${Buffer.from(`${rpB.id}:${rpB.secret}`).toString('base64')}`;
    const again = await fetch(`${h.idp.url}/oidc/v1/token`, {
      method: 'POST',
      headers: { authorization: basic },
      body,
    });
    assert.equal(again.status, 400);
    assert.equal((await j(again)).error, 'invalid_grant');
    assert.equal((await client.tokenIntrospection(configB, r.tokens.access_token)).active, false);
    await context.close();
  });

  it('fails a wrong PKCE verifier and a wrong client secret', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const a = await h.authorizationUrl(configB);
    await page.goto(a.url.toString());
    const cb = await h.login(page, TEACHER);
    await assert.rejects(
      client.authorizationCodeGrant(configB, cb, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: a.state,
        expectedNonce: a.nonce,
      }),
      { error: 'invalid_grant' },
    );
    const wrong = await fetch(`${h.idp.url}/oidc/v1/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${rpB.id}:not-the-secret`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x' }),
    });
    assert.equal(wrong.status, 401);
    assert.equal((await j(wrong)).error, 'invalid_client');
    await context.close();
  });

  it('shows an error page for an unregistered redirect_uri and never redirects', async () => {
    const context = await h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    const url = new URL(`${h.idp.url}/oidc/v1/azp`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: rpA.id,
      redirect_uri: 'https://evil.example/cb',
      scope: 'openid',
      state: 's',
    }).toString();
    const res = await page.goto(url.toString());
    assert.equal(res!.status(), 400);
    assert.ok(page.url().startsWith(h.idp.url));
    assert.match(await page.content(), /invalid_redirect_uri/);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant-TW');
    const unknown = await page.goto(
      `${h.idp.url}/oidc/v1/azp?response_type=code&client_id=${'0'.repeat(32)}&redirect_uri=${encodeURIComponent(h.rp.callback)}&scope=openid`,
    );
    assert.equal(unknown!.status(), 400);
    assert.match(await page.content(), /invalid_client/);
    await context.close();
  });

  it('works with a client written for the existing service (Basic auth, + scopes, eduinfo v1)', async () => {
    const legacy = await h.registerClient({
      name: '舊版系統',
      scopes: ['openid', 'email', 'profile', 'openid2', 'eduinfo'],
      firstParty: true,
    });
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const cb = encodeURIComponent(h.rp.callback);
    await page.goto(
      `${h.idp.url}/oidc/v1/azp?response_type=code&client_id=${legacy.id}&redirect_uri=${cb}&scope=openid+email+profile+openid2+eduinfo&state=legacy123&nonce=n1`,
    );
    const landed = await h.login(page, TEACHER);
    assert.equal(landed.searchParams.get('state'), 'legacy123');
    const token = await fetch(`${h.idp.url}/oidc/v1/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${legacy.id}:${legacy.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `grant_type=authorization_code&code=${landed.searchParams.get('code')}&redirect_uri=${cb}`,
    });
    assert.equal(token.status, 200);
    const t = await j(token);
    assert.deepEqual(Object.keys(t).sort(), [
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    assert.equal(t.token_type, 'Bearer');
    assert.equal(t.expires_in, 3600);
    const edu = await j(
      await fetch(`${h.idp.url}/moeresource/api/v1/oidc/eduinfo`, {
        headers: { authorization: `Bearer ${t.access_token}` },
      }),
    );
    assert.deepEqual(edu.titles, [{ schoolid: '074601', titles: ['教師', '教務主任'] }]);
    const info = await j(
      await fetch(`${h.idp.url}/oidc/v1/userinfo`, {
        headers: { authorization: `Bearer ${t.access_token}` },
      }),
    );
    assert.equal(info.openid2, `${h.idp.url}/openid/${info.sub}`);
    assert.equal(info.email, undefined, 'the teacher has no email');
    await context.close();
  });

  it('releases personid and guid only to an approved client that asked for them', async () => {
    const approved = await h.registerClient({
      name: '核准系統',
      scopes: ['openid', 'personid', 'guid'],
      approvePersonid: true,
      firstParty: true,
    });
    const config = await h.rpConfig(approved, client.ClientSecretPost(approved.secret!));
    const context = await h.browser.newContext();
    const r = await h.fullLogin(config, context, STUDENT, { scope: 'openid personid guid' });
    const headers = { authorization: `Bearer ${r.tokens.access_token}` };
    assert.deepEqual(await j(await fetch(`${h.idp.url}/cncresource/api/v1/personid`, { headers })), {
      personid: STUDENT.nationalId,
    });
    const { guid } = await j(await fetch(`${h.idp.url}/cncresource/api/v1/guid`, { headers }));
    assert.match(guid, /^[0-9a-f]{64}$/);
    const { createHash } = await import('node:crypto');
    assert.notEqual(
      guid,
      createHash('sha256').update(STUDENT.nationalId).digest('hex'),
      'not the legacy unsalted hash',
    );
    // An unapproved client cannot even ask for personid.
    const page = await context.newPage();
    const a = await h.authorizationUrl(configA, { scope: 'openid personid' });
    await page.goto(a.url.toString());
    assert.equal(new URL(page.url()).searchParams.get('error'), 'invalid_scope');
    await context.close();
  });

  it('issues client-credentials tokens to system integrations', async () => {
    const sync = await h.registerClient({
      name: '縣市同步',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scopes: ['openid'],
    });
    const config = await h.rpConfig(sync);
    const t = await client.clientCredentialsGrant(config);
    assert.ok(t.access_token);
    assert.equal(t.token_type.toLowerCase(), 'bearer');
  });

  it('shows one message for an unknown account and a wrong password', async () => {
    const context = await h.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const a = await h.authorizationUrl(configB, { ui_locales: 'en' });
    await page.goto(a.url.toString());
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.fill('#login', STUDENT.username);
    await page.fill('#password', 'wrong password here');
    await page.click('button[type=submit]');
    const wrong = await page.locator('[role=alert]').innerText();
    await page.fill('#login', 'nobody.at.all');
    await page.fill('#password', 'wrong password here');
    await page.click('button[type=submit]');
    const unknown = await page.locator('[role=alert]').innerText();
    assert.equal(wrong, unknown);
    assert.match(wrong, /incorrect/i);
    await context.close();
  });
});
