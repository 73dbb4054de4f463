import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import type { BrowserContext } from 'playwright-core';
import { DataSource } from 'typeorm';
import { freePort, startApp, type RunningApp } from '#test-support';
import { client, OidcHarness, STUDENT, type RegisteredClient } from './oidc-harness.js';

/**
 * What leaves the provider: every claim, whichever way it is asked for (scope, the `claims`
 * parameter, consent, refresh, the resource APIs), stays within the client's registered scopes,
 * and the national ID goes only to approved clients.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
const j = (r: Response): Promise<any> => r.json();

/** Written out by hand (not read from the code) so a change in the scope table fails here. */
const EXPECTED_USERINFO: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['family_name', 'given_name', 'name', 'preferred_username', 'sub'],
  email: ['email', 'email_verified', 'sub'],
  phone: ['phone_number', 'phone_number_verified', 'sub'],
  eduinfo: ['eduinfo', 'sub'],
  educloudroles: ['educloudroles', 'sub'],
  guid: ['guid', 'sub'],
  openid2: ['openid2', 'sub'],
  personid: ['personid', 'sub'],
};

/** Claims about the sign-in (not the person) an ID token may carry. */
const SIGN_IN_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'azp',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'at_hash',
  'c_hash',
  'sid',
  'acr',
  'amr',
]);
const personClaims = (idToken: string) =>
  Object.keys(decodeJwt(idToken))
    .filter((k) => !SIGN_IN_CLAIMS.has(k))
    .sort();

/** Everything the issue's attacker asked for: the national ID, its hash and more, in both places. */
const GREEDY_CLAIMS = JSON.stringify({
  userinfo: { personid: null, guid: null, eduinfo: null, phone_number: null, email: null, name: null },
  id_token: { personid: { essential: true }, guid: null, email: null, name: null },
});

describe('claims release, end to end', () => {
  const h = new OidcHarness();
  let everyScope: RegisteredClient; // first party, every scope but personid
  let approved: RegisteredClient; // first party, personid approved
  let configEvery: client.Configuration;
  let configApproved: client.Configuration;
  let context: BrowserContext;

  before(async () => {
    await h.start();
    everyScope = await h.registerClient({ name: '全權限系統', firstParty: true });
    approved = await h.registerClient({
      name: '核准系統',
      scopes: ['openid', 'profile', 'personid', 'guid'],
      approvePersonid: true,
      firstParty: true,
    });
    configEvery = await h.rpConfig(everyScope);
    configApproved = await h.rpConfig(approved);
    context = await h.browser.newContext();
    await h.fullLogin(configEvery, context, STUDENT); // the SSO session the rest reuses
  });
  after(async () => {
    await context?.close();
    await h.stop();
  });

  async function userinfoKeys(config: client.Configuration, accessToken: string) {
    const r = await fetch(config.serverMetadata().userinfo_endpoint!, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    assert.equal(r.status, 200);
    return Object.keys(await j(r)).sort();
  }

  it('releases exactly the claims of each scope at UserInfo, and none of them in the ID token', async () => {
    for (const scope of Object.keys(EXPECTED_USERINFO)) {
      const config = scope === 'personid' ? configApproved : configEvery;
      const r = await h.fullLogin(config, context, STUDENT, { scope: `openid ${scope}` });
      assert.deepEqual(await userinfoKeys(config, r.tokens.access_token), EXPECTED_USERINFO[scope], scope);
      assert.deepEqual(personClaims(r.tokens.id_token!), [], `${scope}: ID token`);
    }
  });

  it('the claims parameter cannot reach past the registered scopes (first party, no consent page)', async () => {
    const narrow = await h.registerClient({
      name: '窄權限系統',
      scopes: ['openid', 'profile'],
      firstParty: true,
    });
    const config = await h.rpConfig(narrow);
    const r = await h.fullLogin(config, context, STUDENT, { scope: 'openid', claims: GREEDY_CLAIMS });
    // `name` is within `profile`, which it registered; nothing else is.
    assert.deepEqual(personClaims(r.tokens.id_token!), ['name']);
    assert.deepEqual(await userinfoKeys(config, r.tokens.access_token), ['name', 'sub']);
    // The same again after a refresh, and the grant kept nothing beyond the registration.
    const refreshed = await client.refreshTokenGrant(config, r.tokens.refresh_token!);
    assert.deepEqual(personClaims(refreshed.id_token!), ['name']);
    assert.deepEqual(await userinfoKeys(config, refreshed.access_token), ['name', 'sub']);
    const [grant] = (await h.ctx.app
      .get(DataSource)
      .query(
        `SELECT payload FROM oidc_artifacts WHERE model = 'Grant' AND JSON_VALUE(payload, '$.clientId') = ?`,
        [narrow.id],
      )) as { payload: string | object }[];
    const granted = (typeof grant!.payload === 'string' ? JSON.parse(grant!.payload) : grant!.payload) as {
      openid?: { claims?: string[] };
    };
    assert.deepEqual(granted.openid?.claims ?? [], ['name']);
  });

  it('third-party RPs get the consent page, which lists only what can be released; deny gives access_denied', async () => {
    const third = await h.registerClient({ name: '第三方平台', scopes: ['openid', 'profile', 'email'] });
    const config = await h.rpConfig(third);
    const page = await context.newPage();
    const denied = await h.authorizationUrl(config, { scope: 'openid email', claims: GREEDY_CLAIMS });
    await page.goto(denied.url.toString());
    assert.ok(page.url().startsWith(`${h.idp.url}/interaction/`), `consent page expected, at ${page.url()}`);
    const listed = new Set(await page.locator('code.scope-list__code').allTextContents());
    assert.deepEqual([...listed].sort(), ['email', 'name', 'openid']);
    await page.click('button[name=decision][value=deny]');
    await page.waitForURL((u) => u.toString().startsWith(h.rp.url));
    const cb = new URL(page.url());
    assert.equal(cb.searchParams.get('error'), 'access_denied');
    assert.equal(cb.searchParams.get('state'), denied.state);
    assert.equal(cb.searchParams.get('code'), null);

    // Approving releases what was listed and nothing more.
    const a = await h.authorizationUrl(config, { scope: 'openid email', claims: GREEDY_CLAIMS });
    await page.goto(a.url.toString());
    assert.ok(await page.locator('button[name=decision]').count(), 'asked again after a denial');
    await page.click('button[name=decision][value=approve]');
    await page.waitForURL((u) => u.toString().startsWith(h.rp.url));
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    assert.deepEqual(personClaims(tokens.id_token!), ['email', 'name']);
    assert.deepEqual(await userinfoKeys(config, tokens.access_token), [
      'email',
      'email_verified',
      'name',
      'sub',
    ]);
    await page.close();
  });

  it('personid only to approved clients: registered but not approved gets neither the scope nor the claim', async () => {
    // Registration requires approval for personid; an administrator may withdraw it later.
    const withdrawn = await h.registerClient({
      name: '撤銷核准系統',
      scopes: ['openid', 'profile', 'personid', 'guid'],
      approvePersonid: true,
      firstParty: true,
    });
    await h.ctx.app
      .get(DataSource)
      .query('UPDATE oidc_clients SET personid_approved = 0 WHERE client_id = ?', [withdrawn.id]);
    const config = await h.rpConfig(withdrawn);
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, { scope: 'openid personid' });
    await page.goto(a.url.toString());
    assert.equal(new URL(page.url()).searchParams.get('error'), 'invalid_scope');
    await page.close();
    const r = await h.fullLogin(config, context, STUDENT, { scope: 'openid guid', claims: GREEDY_CLAIMS });
    assert.deepEqual(personClaims(r.tokens.id_token!), ['guid', 'name']);
    assert.deepEqual(await userinfoKeys(config, r.tokens.access_token), ['guid', 'name', 'sub']);
    const headers = { authorization: `Bearer ${r.tokens.access_token}` };
    assert.equal((await fetch(`${h.idp.url}/cncresource/api/v1/personid`, { headers })).status, 403);
    assert.equal((await fetch(`${h.idp.url}/cncresource/api/v1/guid`, { headers })).status, 200);
    assert.equal((await fetch(`${h.idp.url}/moeresource/api/v1/oidc/eduinfo`, { headers })).status, 403);

    // The approved client gets it, by scope and by the claims parameter.
    const ok = await h.fullLogin(configApproved, context, STUDENT, {
      scope: 'openid',
      claims: GREEDY_CLAIMS,
    });
    assert.deepEqual(personClaims(ok.tokens.id_token!), ['guid', 'name', 'personid']);
    assert.equal(decodeJwt(ok.tokens.id_token!).personid, STUDENT.nationalId);
    assert.deepEqual(await userinfoKeys(configApproved, ok.tokens.access_token), [
      'guid',
      'name',
      'personid',
      'sub',
    ]);
  });

  describe('after an administrator withdraws the approval', () => {
    let fresh: RunningApp;
    after(() => fresh?.stop());

    it('refresh, UserInfo and the resource APIs stop releasing personid to tokens granted before', async () => {
      const c = await h.registerClient({
        name: '稍後撤銷',
        scopes: ['openid', 'personid', 'guid'],
        approvePersonid: true,
        firstParty: true,
      });
      const config = await h.rpConfig(c);
      const r = await h.fullLogin(config, context, STUDENT, {
        scope: 'openid personid guid',
        claims: JSON.stringify({ id_token: { personid: null } }),
      });
      assert.equal(decodeJwt(r.tokens.id_token!).personid, STUDENT.nationalId);
      const before = { authorization: `Bearer ${r.tokens.access_token}` };
      assert.equal(
        (await fetch(`${h.idp.url}/cncresource/api/v1/personid`, { headers: before })).status,
        200,
      );
      await h.ctx.app
        .get(DataSource)
        .query('UPDATE oidc_clients SET personid_approved = 0 WHERE client_id = ?', [c.id]);
      // A process that has not cached the registration yet (each caches it for 30 s).
      fresh = await startApp('idp', {
        ...h.env,
        IDP_PORT: String(await freePort()),
        ADMIN_PORT: String(await freePort()),
      });
      const headers = before;
      assert.equal((await fetch(`${fresh.url}/cncresource/api/v1/personid`, { headers })).status, 403);
      assert.equal((await fetch(`${fresh.url}/cncresource/api/v1/guid`, { headers })).status, 200);
      const info = await j(await fetch(`${fresh.url}/oidc/v1/userinfo`, { headers }));
      assert.deepEqual(Object.keys(info).sort(), ['guid', 'sub']);
      const refreshed = await j(
        await fetch(`${fresh.url}/oidc/v1/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}` },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: r.tokens.refresh_token! }),
        }),
      );
      assert.ok(refreshed.id_token, JSON.stringify(refreshed));
      assert.equal(decodeJwt(refreshed.id_token).personid, undefined);
      const after = { authorization: `Bearer ${refreshed.access_token}` };
      assert.equal((await fetch(`${fresh.url}/cncresource/api/v1/personid`, { headers: after })).status, 403);
    });
  });

  it('a public client without code_challenge never reaches the login page: the RP gets the error', async () => {
    const spa = await h.registerClient({ name: '單頁應用', public: true, firstParty: true });
    const config = await h.rpConfig(spa);
    const page = await (await h.browser.newContext()).newPage();
    const url = new URL(config.serverMetadata().authorization_endpoint!);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: spa.id,
      redirect_uri: h.rp.callback,
      scope: 'openid',
      state: 'no-pkce',
    }).toString();
    await page.goto(url.toString());
    const cb = new URL(page.url());
    assert.ok(page.url().startsWith(h.rp.callback), `landed on ${page.url()}`);
    assert.equal(cb.searchParams.get('error'), 'invalid_request');
    assert.equal(cb.searchParams.get('state'), 'no-pkce');
    await page.context().close();
  });

  it('no client can revoke another client’s tokens', async () => {
    const other = await h.registerClient({ name: '他人系統', firstParty: true });
    const configOther = await h.rpConfig(other);
    const r = await h.fullLogin(configEvery, context, STUDENT);
    for (const token of [r.tokens.access_token, r.tokens.refresh_token!])
      await fetch(configOther.serverMetadata().revocation_endpoint!, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${other.id}:${other.secret}`).toString('base64')}` },
        body: new URLSearchParams({ token }),
      });
    assert.equal((await client.tokenIntrospection(configEvery, r.tokens.access_token)).active, true);
    assert.equal((await client.tokenIntrospection(configEvery, r.tokens.refresh_token!)).active, true);
    assert.ok((await client.refreshTokenGrant(configEvery, r.tokens.refresh_token!)).access_token);
  });
});
