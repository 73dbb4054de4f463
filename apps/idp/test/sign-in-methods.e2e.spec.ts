import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { freePort, startApp, type RunningApp } from '#test-support';
import { client, OidcHarness, STUDENT, TEACHER, type RegisteredClient } from './oidc-harness.js';

/** The idp plus a test module that registers TestCodeSignInMethod (apps/idp/test/fixtures). */
const ENTRY = 'dist/apps/idp/test/fixtures/idp-with-test-method.main.js';
const LINK = '測試用一次性驗證碼登入';
/** zh-TW pages; the ID token names the factors (`amr` is released when the RP asks for it). */
const PARAMS = { ui_locales: 'zh-TW', claims: JSON.stringify({ id_token: { amr: null, acr: null } }) };

/** The test method shows its code on the page (a real one would send it). */
async function shownCode(page: Page): Promise<string> {
  const text = await page.locator('[role=status]').innerText();
  const m = /(\d{6})/.exec(text);
  assert.ok(m, `no code in "${text}"`);
  return m[1]!;
}

/** The same path on the other idp process (cookies do not depend on the port). */
async function moveTo(page: Page, idp: RunningApp): Promise<void> {
  const here = new URL(page.url());
  await page.goto(`${idp.url}${here.pathname}${here.search}`);
}

describe('sign-in methods from the registry: a test method with a challenge, across two idp processes', () => {
  const h = new OidcHarness();
  let second: RunningApp;
  let rp: RegisteredClient;
  let config: client.Configuration;

  before(async () => {
    await h.start({}, { entry: ENTRY });
    // The second process: same issuer, database, Redis and keys; another port.
    second = await startApp('idp', { ...h.env, IDP_PORT: String(await freePort()) }, { entry: ENTRY });
    rp = await h.registerClient({ name: '甲系統', firstParty: true });
    config = await h.rpConfig(rp);
  });
  after(async () => {
    await second?.stop();
    await h.stop();
  });

  it('shows the registered method on the login page, as a button after the password form', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, PARAMS);
    await page.goto(a.url.toString());
    const button = page.getByRole('button', { name: LINK });
    assert.equal(await button.count(), 1);
    const uid = new URL(page.url()).pathname.split('/')[2];
    // A POST begins the method (it may send a code): a button in its own form.
    const form = page.locator('form', { has: button });
    assert.equal(await form.getAttribute('action'), `/interaction/${uid}/method/test-code`);
    assert.equal(await form.getAttribute('method'), 'post');
    // The password form is still the page's own, with today's fields and URL.
    assert.equal(await page.locator('form[action$="/login"] #password').count(), 1);
    const html = await page.content();
    assert.ok(html.indexOf('id="password"') < html.indexOf(LINK), 'the method comes after the password form');
    await context.close();
  });

  it('completes a login through its challenge: begun on one process, finished on the other', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, PARAMS);
    await page.goto(a.url.toString());
    await page.getByRole('button', { name: LINK }).click();
    // Process 1: the method's first form, then its challenge.
    await page.waitForURL((u) => u.pathname.endsWith('/method/test-code/account'));
    assert.ok(page.url().startsWith(h.idp.url));
    await page.fill('#login', STUDENT.username);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname.endsWith('/method/test-code/code'));
    const code = await shownCode(page);

    // Process 2 draws the pending challenge from the progress kept with the interaction in Redis.
    await moveTo(page, second);
    assert.ok(page.url().startsWith(second.url));
    assert.equal(await shownCode(page), code);
    // A wrong code is refused there and the challenge stays open.
    await page.fill('#code', code === '000000' ? '111111' : '000000');
    await page.click('button[type=submit]');
    await page.waitForLoadState('load');
    assert.match(await page.locator('[role=alert]').innerText(), /驗證未通過/);
    assert.ok(page.url().startsWith(second.url));
    await page.fill('#code', code);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.href.startsWith(h.rp.url));

    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    const claims = tokens.claims()!;
    assert.deepEqual(claims.amr, ['otp']);
    assert.equal(claims.acr, 'urn:edu-sso:acr:password', 'one factor');
    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.preferred_username, STUDENT.username);
    await context.close();
  });

  it('asks for it as a second factor when the RP requests mfa, and reports both factors', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, { ...PARAMS, acr_values: 'urn:edu-sso:acr:mfa' });
    await page.goto(a.url.toString());
    await page.fill('#login', TEACHER.username);
    await page.fill('#password', TEACHER.password);
    await page.click('form[action$="/login"] button[type=submit]');
    // The password identified the account; the policy wants a second factor: the code, at once.
    await page.waitForURL((u) => u.pathname.endsWith('/method/test-code/code'));
    const code = await shownCode(page);
    await moveTo(page, second);
    await page.fill('#code', code);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.href.startsWith(h.rp.url));
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    const claims = tokens.claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);
    assert.equal(claims.acr, 'urn:edu-sso:acr:mfa');
    await context.close();
  });

  it('sends a hand-made or stale step back to the login page', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, PARAMS);
    await page.goto(a.url.toString());
    const login = new URL(page.url());
    await page.goto(`${login.href}/method/test-code/code`);
    assert.equal(new URL(page.url()).pathname, login.pathname);
    await page.goto(`${login.href}/method/no-such-method`);
    assert.equal(new URL(page.url()).pathname, login.pathname);
    await context.close();
  });
});
