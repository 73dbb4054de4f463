import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { client, OidcHarness, STUDENT, TEACHER, type RegisteredClient } from './oidc-harness.js';

const ESSENTIAL_MFA = JSON.stringify({
  id_token: { acr: { essential: true, values: ['urn:edu-sso:acr:mfa'] } },
});

const attr = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An RP's page on a site of its own (not 127.0.0.1, which the idp is on: ports do not make
 * sites, so a page there would be same-site) that auto-submits a form to `action`.
 */
async function postFromRp(context: BrowserContext, action: string, params: URLSearchParams): Promise<Page> {
  const page = await context.newPage();
  const inputs = [...params].map(([k, v]) => `<input type="hidden" name="${attr(k)}" value="${attr(v)}">`);
  await page.route('http://rp.example/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<form method="post" action="${attr(action)}">${inputs.join('')}</form><script>document.forms[0].submit()</script>`,
    }),
  );
  await page.goto('http://rp.example/start');
  await page.waitForURL((u) => !u.href.startsWith('http://rp.example'));
  await page.waitForLoadState('load');
  return page;
}

/** GET with headers fetch() would not send as given (Host). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('OpenID Connect conformance, as an independent RP sees it', () => {
  const h = new OidcHarness();
  let rpA: RegisteredClient;
  let rpB: RegisteredClient;
  let configA: client.Configuration;
  let configB: client.Configuration;

  before(async () => {
    // Behind a proxy, so X-Forwarded-Host/-Proto are honoured: forging them must still change nothing.
    await h.start({ TRUST_PROXY: 'true' });
    rpA = await h.registerClient({ name: '甲系統', firstParty: true });
    rpB = await h.registerClient({ name: '乙系統', firstParty: true });
    configA = await h.rpConfig(rpA);
    configB = await h.rpConfig(rpB);
  });
  after(() => h.stop());

  it('takes an authorization request as a cross-site form POST, with and without SSO (Core 3.1.2.1)', async () => {
    const context = await h.browser.newContext();
    const azp = `${h.idp.url}/oidc/v1/azp`;
    // No session yet: the POST leads to the login page, then to the RP with a code.
    const first = await h.authorizationUrl(configA);
    const page = await postFromRp(context, azp, first.url.searchParams);
    assert.match(new URL(page.url()).pathname, /^\/interaction\//, `landed on ${page.url()}`);
    const cb = await h.login(page, STUDENT);
    const tokens = await client.authorizationCodeGrant(configA, cb, {
      pkceCodeVerifier: first.verifier,
      expectedState: first.state,
      expectedNonce: first.nonce,
    });
    // With the SSO session: prompt=none by POST answers at once, so the session cookie was seen.
    const sso = await h.authorizationUrl(configB, { prompt: 'none' });
    const again = await postFromRp(context, azp, sso.url.searchParams);
    assert.ok(again.url().startsWith(h.rp.callback), `landed on ${again.url()}`);
    const ssoTokens = await client.authorizationCodeGrant(configB, new URL(again.url()), {
      pkceCodeVerifier: sso.verifier,
      expectedState: sso.state,
      expectedNonce: sso.nonce,
    });
    assert.equal(ssoTokens.claims()!.sub, tokens.claims()!.sub);
    await context.close();

    // Only a form body is a request; other bodies get a page, never the engine.
    const form = new URLSearchParams({ client_id: rpA.id, scope: 'openid' });
    const bounced = await fetch(azp, { method: 'POST', body: form, redirect: 'manual' });
    assert.equal(bounced.status, 303);
    assert.equal(bounced.headers.get('location'), `/oidc/v1/azp?${form}`);
    const plain = await fetch(azp, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: form.toString(),
    });
    assert.equal(plain.status, 415);
    assert.match(await plain.text(), /invalid_request/);
    const huge = await fetch(azp, {
      method: 'POST',
      body: new URLSearchParams({ claims: 'x'.repeat(9000) }),
    });
    assert.equal(huge.status, 413);
  });

  it('logs out by a cross-site form POST, also at the legacy alias (RP-Initiated Logout §2)', async () => {
    const context = await h.browser.newContext();
    const r = await h.fullLogin(configA, context, TEACHER);
    const page = await postFromRp(
      context,
      `${h.idp.url}/oidc/v1/logout-to-go`,
      new URLSearchParams({
        id_token_hint: r.tokens.id_token!,
        post_logout_redirect_uri: `${h.rp.url}/bye`,
        state: 'post-bye',
      }),
    );
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(`${h.rp.url}/bye`)),
      page.click('button[name=logout][value=yes]'),
    ]);
    assert.equal(new URL(page.url()).searchParams.get('state'), 'post-bye');
    const a = await h.authorizationUrl(configA, { prompt: 'none' });
    await page.goto(a.url.toString());
    assert.equal(new URL(page.url()).searchParams.get('error'), 'login_required', 'the session ended');
    await context.close();

    for (const alias of ['/oidc/v1/userlogout', '/auth-logout']) {
      const legacy = await fetch(`${h.idp.url}${alias}`, {
        method: 'POST',
        body: new URLSearchParams({ post_logout_redirect_url: `${h.rp.url}/bye`, state: 's' }),
        redirect: 'manual',
      });
      assert.equal(legacy.status, 303, alias);
      const to = new URL(legacy.headers.get('location')!, h.idp.url);
      assert.equal(to.pathname, '/oidc/v1/logout-to-go');
      assert.deepEqual(Object.fromEntries(to.searchParams), {
        post_logout_redirect_uri: `${h.rp.url}/bye`,
        state: 's',
      });
    }
    // The issuer's home page signs out with a bodiless POST.
    const home = await fetch(`${h.idp.url}/oidc/v1/logout-to-go`, { method: 'POST', redirect: 'manual' });
    assert.equal(home.status, 303);
    assert.equal(home.headers.get('location'), '/oidc/v1/logout-to-go');
  });

  it('refuses a request without redirect_uri with a page, even for a client with one URI', async () => {
    const a = await h.authorizationUrl(configA);
    a.url.searchParams.delete('redirect_uri');
    const res = await fetch(a.url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null, 'nowhere to send an error: no redirect');
    const page = await res.text();
    assert.match(page, /invalid_request/);
    assert.match(page, /redirect_uri/);
  });

  it('answers an essential acr it cannot reach with unmet_authentication_requirements (Core 5.5.1.1)', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    // MFA is reachable here (libs/otp), so the login page comes first; STUDENT has no second
    // factor, so after the password the RP is told that its essential acr cannot be met.
    const refused = async () => {
      const a = await h.authorizationUrl(configA, { claims: ESSENTIAL_MFA });
      await page.goto(a.url.toString());
      assert.match(new URL(page.url()).pathname, /^\/interaction\/[^/]+$/, 'the login page');
      await page.fill('#login', STUDENT.username);
      await page.fill('#password', STUDENT.password);
      await Promise.all([
        page.waitForURL((u) => u.href.startsWith(h.rp.callback)),
        page.click('button[type=submit]'),
      ]);
      assert.ok(page.url().startsWith(h.rp.callback), `no redirect to the RP: ${page.url()}`);
      const cb = new URL(page.url());
      assert.equal(cb.searchParams.get('error'), 'unmet_authentication_requirements');
      assert.equal(cb.searchParams.get('state'), a.state);
      assert.equal(cb.searchParams.get('code'), null);
    };
    await refused(); // no session
    // One of the values is reachable: the password login satisfies it and says so in `acr`.
    const either = JSON.stringify({
      id_token: { acr: { essential: true, values: ['urn:edu-sso:acr:mfa', 'urn:edu-sso:acr:password'] } },
    });
    const r = await h.fullLogin(configA, context, STUDENT, { claims: either });
    assert.equal(r.tokens.claims()!.acr, 'urn:edu-sso:acr:password');
    await refused(); // with a password session
    // acr_values is voluntary: the login goes ahead and reports what it reached.
    const voluntary = await h.fullLogin(configB, context, STUDENT, { acr_values: 'urn:edu-sso:acr:mfa' });
    assert.equal(voluntary.tokens.claims()!.acr, 'urn:edu-sso:acr:password');
    await context.close();
  });

  it("refuses to revoke another client's token, which stays valid (RFC 7009 §2.1)", async () => {
    const context = await h.browser.newContext();
    const r = await h.fullLogin(configA, context, TEACHER);
    await context.close();
    await assert.rejects(client.tokenRevocation(configB, r.tokens.access_token), {
      error: 'unauthorized_client',
      status: 400,
    });
    await assert.rejects(client.tokenRevocation(configB, r.tokens.refresh_token!), {
      error: 'unauthorized_client',
      status: 400,
    });
    assert.equal((await client.tokenIntrospection(configA, r.tokens.access_token)).active, true);
    const refreshed = await client.refreshTokenGrant(configA, r.tokens.refresh_token!);
    assert.ok(refreshed.access_token, 'the refresh token still works');
    await client.tokenRevocation(configA, refreshed.access_token);
    assert.equal((await client.tokenIntrospection(configA, refreshed.access_token)).active, false);
  });

  it('publishes the configured issuer only, whatever Host and X-Forwarded-* say', async () => {
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const res = await rawGet(`${h.idp.url}/.well-known/openid-configuration`, forged);
    assert.equal(res.status, 200);
    const urls = Object.values(JSON.parse(res.body) as Record<string, unknown>).filter(
      (v): v is string => typeof v === 'string' && /^https?:/.test(v),
    );
    assert.ok(urls.length >= 6);
    for (const u of urls) assert.ok(u === h.idp.url || u.startsWith(`${h.idp.url}/`), u);
    // The logout form (it carries the session's xsrf secret) posts to the issuer too.
    const logout = await rawGet(`${h.idp.url}/oidc/v1/logout-to-go`, forged);
    const action = /<form[^>]*action="([^"]+)"/.exec(logout.body)?.[1];
    assert.ok(action?.startsWith(`${h.idp.url}/`), `logout form action ${action}`);
  });

  it('gives the form_post response page a CSP: its own script by hash, the RP as the only form target', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const seen: { url: string; csp: string | undefined }[] = [];
    page.on('response', (res) => {
      if (res.url().startsWith(`${h.idp.url}/oidc/v1/azp`) && res.status() === 200)
        seen.push({ url: res.url(), csp: res.headers()['content-security-policy'] });
    });
    const landing = () => page.waitForRequest((r) => r.url().startsWith(h.rp.callback));
    const a = await h.authorizationUrl(configA, { response_mode: 'form_post' });
    await page.goto(a.url.toString());
    await page.fill('#login', STUDENT.username);
    await page.fill('#password', STUDENT.password);
    const [afterLogin] = await Promise.all([landing(), page.click('button[type=submit]')]);
    // With the session, prompt=none answers from the authorization endpoint itself.
    const b = await h.authorizationUrl(configA, { response_mode: 'form_post', prompt: 'none' });
    // page.goto reports the auto-submit's navigation as interrupting its own.
    const [silent] = await Promise.all([
      landing(),
      page.goto(b.url.toString()).catch((e: Error) => {
        if (!/interrupted by another navigation/.test(e.message)) throw e;
      }),
    ]);
    for (const [req, state] of [
      [afterLogin, a.state],
      [silent, b.state],
    ] as const) {
      // The inline auto-submit ran under the policy (so its hash is listed): the code reached the RP.
      assert.equal(req.method(), 'POST');
      const form = new URLSearchParams(req.postData() ?? '');
      assert.ok(form.get('code'));
      assert.equal(form.get('state'), state);
    }
    assert.equal(seen.length, 2, seen.map((s) => s.url).join(', '));
    for (const { csp } of seen) {
      assert.ok(csp, 'the form_post page has a CSP');
      assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/]{43}='(;|$)/);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.ok(csp.includes(`form-action ${h.rp.url}`), csp);
      assert.doesNotMatch(csp, /unsafe-inline/);
    }
    await context.close();
  });

  it('explains a request it cannot send back in the page’s language, with the request id and time', async () => {
    const bad = await h.authorizationUrl(configA);
    bad.url.searchParams.set('redirect_uri', 'https://attacker.example/cb');
    const unknown = new URL(bad.url);
    unknown.searchParams.set('client_id', 'no-such-client');
    for (const [url, zh, en] of [
      [bad.url, /返回網址（redirect_uri）與它註冊的網址不符/, /does not match the ones it registered/],
      [unknown, /找不到這個應用程式，或它已停用/, /This application is unknown or disabled/],
    ] as const) {
      for (const [lang, words] of [
        ['zh-TW', zh],
        ['en', en],
      ] as const) {
        const res = await fetch(url, { headers: { 'accept-language': lang }, redirect: 'manual' });
        assert.equal(res.status, 400);
        const body = await res.text();
        assert.match(body, words);
        // Never the engine's own English, on either page.
        assert.doesNotMatch(body, /did not match any|client is invalid|client authentication failed/);
        const id = res.headers.get('x-request-id');
        assert.ok(id && body.includes(`<code>${id}</code>`), 'the page shows the X-Request-Id');
        assert.match(body, /<time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\+8\)<\/time>/);
      }
    }
  });
});
