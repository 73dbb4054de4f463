import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { JWTPayload } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { CountyHarness } from './county-harness.js';

const isCallback = (u: URL) => u.pathname === '/cncreturnpage';

/**
 * Every way a county sign-in can go wrong ends on a page that says so (status < 500) and links
 * nothing. The county is 高雄市, trusted for national IDs: its answer for kh-wu would link the
 * teacher's account at once, so "nothing linked" means something here.
 */
describe('county federation: failures are clear pages, under 500, and link nothing', () => {
  const c = new CountyHarness();
  let context: BrowserContext;
  before(() => c.start());
  after(() => c.stop());
  afterEach(async () => {
    c.kh.tamperIdToken = null;
    c.kh.hangTokenEndpoint = false;
    c.kh.holdCallbacks = false;
    await context?.close();
  });

  async function loginFailures(): Promise<string[]> {
    const rows: { details: { reason?: string } }[] = await c.h.ctx.app
      .get(DataSource)
      .query(
        "SELECT details FROM audit_events WHERE action = 'login.county' AND result = 'failure' ORDER BY id",
      );
    return rows.map((r) => String(r.details.reason));
  }

  /** Signs in at 高雄市; the county stops before our callback and the test gets its URL. */
  async function toCallback(): Promise<{
    page: Page;
    callback: URL;
    a: { verifier: string; state: string; nonce: string };
  }> {
    context = await c.h.browser.newContext();
    const { page, a } = await c.openCountyList(context);
    c.kh.holdCallbacks = true;
    c.kh.lastCallback = undefined;
    await page.getByRole('button', { name: '高雄市', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(c.kh.url));
    await page.fill('#username', 'kh-wu');
    await page.click('button[type=submit]');
    await page.locator('#continue').waitFor();
    assert.ok(c.kh.lastCallback, 'the county answered');
    const callback = new URL(c.kh.lastCallback);
    assert.ok(isCallback(callback));
    return { page, callback, a };
  }

  /** The county list again, with a notice naming the county. */
  async function assertCountyNotice(page: Page, status: number | undefined, pattern: RegExp) {
    assert.ok(status !== undefined && status < 500, `status ${status}`);
    assert.match(page.url(), /\/method\/county\/choose$/);
    assert.match(await page.locator('[role=status]').innerText(), pattern);
    assert.equal(await page.getByRole('link', { name: /回到登入/ }).count(), 1, 'the other ways in');
  }

  it('state mismatch: the answer belongs to no login; a clear page, nothing linked', async () => {
    const { page, callback } = await toCallback();
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const res = await page.goto(callback.href);
    assert.equal(res?.status(), 400);
    assert.match(
      await page.locator('h1').innerText(),
      /無法完成縣市帳號登入|county sign-in could not be completed/,
    );
    assert.equal(await c.linkCount(), 0);
  });

  const badTokens: [string, (claims: JWTPayload) => JWTPayload, string][] = [
    [
      'an ID token from another issuer',
      (t) => ({ ...t, iss: 'https://other.sso.edu.tw' }),
      'issuer_mismatch',
    ],
    [
      'an ID token for another client (aud)',
      (t) => ({ ...t, aud: 'someone-else', azp: undefined }),
      'audience_mismatch',
    ],
    ['an ID token with another nonce', (t) => ({ ...t, nonce: 'replayed-nonce' }), 'nonce_mismatch'],
    [
      'an expired ID token',
      (t) => ({ ...t, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }),
      'token_expired',
    ],
  ];
  for (const [what, tamper, code] of badTokens)
    it(`${what}: the county list names the county, nothing linked`, async () => {
      c.kh.tamperIdToken = tamper;
      const { page, callback } = await toCallback();
      const res = await page.goto(callback.href);
      await assertCountyNotice(page, res?.status(), /高雄市帳號登入沒有成功/);
      assert.equal(await c.linkCount(), 0);
      assert.equal((await loginFailures()).at(-1), code);
    });

  it('county down: a clear page at once, naming the county', async () => {
    context = await c.h.browser.newContext();
    const { page } = await c.openCountyList(context);
    const started = Date.now();
    const response = page.waitForResponse(
      (r) => r.url().endsWith('/method/county/choose') && r.request().method() === 'GET',
    );
    await page.getByRole('button', { name: '新竹縣', exact: true }).click();
    const res = await response;
    await page.waitForLoadState('load');
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    await assertCountyNotice(page, res.status(), /新竹縣的登入服務目前沒有回應/);
    assert.equal((await loginFailures()).at(-1), 'upstream_unavailable');
  });

  it('county slow (discovery never answers): a clear page after ~5 s, naming the county', async () => {
    context = await c.h.browser.newContext();
    const { page } = await c.openCountyList(context);
    const started = Date.now();
    const response = page.waitForResponse(
      (r) => r.url().endsWith('/method/county/choose') && r.request().method() === 'GET',
    );
    await page.getByRole('button', { name: '苗栗縣', exact: true }).click();
    const res = await response;
    await page.waitForLoadState('load');
    const took = Date.now() - started;
    assert.ok(took >= 4500 && took < 9000, `took ${took} ms`);
    await assertCountyNotice(page, res.status(), /苗栗縣的登入服務目前沒有回應/);
  });

  it('county slow at its token endpoint: a clear page after ~5 s, nothing linked', async () => {
    c.kh.hangTokenEndpoint = true;
    const { page, callback } = await toCallback();
    const started = Date.now();
    const res = await page.goto(callback.href);
    const took = Date.now() - started;
    assert.ok(took >= 4500 && took < 9000, `took ${took} ms`);
    await assertCountyNotice(page, res?.status(), /高雄市的登入服務目前沒有回應/);
    assert.equal(await c.linkCount(), 0);
  });

  it('a replayed callback: the first signs in, the replay is a clear page and changes nothing', async () => {
    const { page, callback, a } = await toCallback();
    await page.goto(callback.href);
    const tokens = await c.tokens(page, a);
    assert.deepEqual(tokens.claims()!.amr, ['fed', 'county:kh']);
    assert.equal(await c.linkCount('kh'), 1);
    const res = await page.goto(callback.href);
    assert.equal(res?.status(), 400);
    assert.match(
      await page.locator('h1').innerText(),
      /無法完成縣市帳號登入|county sign-in could not be completed/,
    );
    // In another browser too (someone who copied the URL).
    const other = await c.h.browser.newContext();
    const res2 = await (await other.newPage()).goto(callback.href);
    assert.equal(res2?.status(), 400);
    await other.close();
    assert.equal(await c.linkCount(), 1);
  });
});
