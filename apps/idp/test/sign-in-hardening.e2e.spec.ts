import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { CreateAccountUseCase, makeNationalId } from '#identity-core';
import { freePort, startApp, type RunningApp } from '#test-support';
import { client, OidcHarness, STUDENT, type RegisteredClient } from './oidc-harness.js';
import { TcpProxy } from './tcp-proxy.js';

const OWNER = { username: 'ho.owner', password: 'owner passphrase 2024' };
const CLASS = { username: 'outage.class', password: 'class passphrase 2024' };

/**
 * Exact identifiers, the lockout policy and outages, driven from outside. The lockout tests run
 * against a second idp process configured as in production (captcha on), behind a trusted proxy
 * header (so each browser can come from its own address), whose MySQL and Redis connections pass
 * through relays the test can cut.
 */
describe('sign-in hardening, end to end', () => {
  const h = new OidcHarness();
  let rp: RegisteredClient;
  let mysql: TcpProxy;
  let redis: TcpProxy;
  let proxied: RunningApp;
  let proxiedConfig: client.Configuration;
  let store: Redis;

  before(async () => {
    await h.start();
    rp = await h.registerClient({ name: '校務系統', firstParty: true });
    const create = h.ctx.app.get(CreateAccountUseCase);
    for (const [i, a] of [OWNER, CLASS].entries())
      await create.execute({
        ...a,
        displayName: '測試',
        nationalId: makeNationalId('C', '1', String(3000000 + i)),
        actor: 'test',
      });
    const redisUrl = h.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const target = (url: string, port: number) => ({
      host: new URL(url).hostname,
      port: Number(new URL(url).port || port),
    });
    mysql = await TcpProxy.start(target(h.env.DATABASE_URL!, 3306));
    redis = await TcpProxy.start(target(redisUrl, 6379));
    const port = await freePort();
    proxied = await startApp('idp', {
      ...h.env,
      IDP_PORT: String(port),
      ADMIN_PORT: String(await freePort()),
      ISSUER: `http://127.0.0.1:${port}`,
      DATABASE_URL: mysql.url(h.env.DATABASE_URL!),
      REDIS_URL: redis.url(redisUrl),
      TRUST_PROXY: 'true',
      CAPTCHA_ENABLED: 'true',
    });
    proxiedConfig = await h.rpConfig(rp, undefined, proxied.url);
    store = new Redis(redisUrl);
  });
  after(async () => {
    await store?.quit();
    await proxied?.stop('SIGKILL');
    await mysql?.stop();
    await redis?.stop();
    await h.stop();
  });

  /** A login page of the proxied idp in a browser that comes from `ip`. */
  async function loginPage(ip: string, params: Record<string, string> = {}) {
    const context = await h.browser.newContext({
      extraHTTPHeaders: { 'x-forwarded-for': ip },
      locale: 'zh-TW',
    });
    const page = await context.newPage();
    await page.goto((await h.authorizationUrl(proxiedConfig, params)).url.toString());
    return { context, page };
  }

  /**
   * Submits the login form, answering its captcha the way a person reads the image (from the
   * server's store, test only); the response to the POST itself (303 on success).
   */
  async function submit(page: Page, login: string, password: string) {
    await page.fill('#login', login);
    await page.fill('#password', password);
    if (await page.locator('input[name=captcha_id]').count()) {
      const id = await page.inputValue('input[name=captcha_id]');
      const stored = await store.get(`captcha:${h.env.REDIS_PREFIX}:${id}`);
      await page.fill('#captcha', stored ? (JSON.parse(stored) as { answer: string }).answer : 'xxxxx');
    }
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/login')),
      page.click('button[type=submit]'),
    ]);
    await page.waitForLoadState('load');
    return response;
  }

  it('refuses an upper-cased client_id at the authorization and token endpoints', async () => {
    const a = await h.authorizationUrl(await h.rpConfig(rp));
    const exact = await fetch(a.url, { redirect: 'manual' });
    assert.equal(exact.status, 303);
    const upper = new URL(a.url);
    upper.searchParams.set('client_id', rp.id.toUpperCase());
    const refused = await fetch(upper, { redirect: 'manual' });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /invalid_client/);

    const sync = await h.registerClient({
      name: '縣市同步',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scopes: ['openid'],
    });
    const token = (id: string) =>
      fetch(`${h.idp.url}/oidc/v1/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${id}:${sync.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=openid',
      });
    assert.equal((await token(sync.id)).status, 200);
    assert.equal((await token(sync.id.toUpperCase())).status, 401);
  });

  it('does not sign in a look-alike spelling of a username, even with the right password', async () => {
    const context = await h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto((await h.authorizationUrl(await h.rpConfig(rp))).url.toString());
    // `lĩn.student` and `lin.student` were one row under utf8mb4_unicode_ci.
    for (const lookAlike of ['lĩn.student', 'lin.studént', 'ｌｉｎ．ｓｔｕｄｅｎｔ\u0301']) {
      const r = await submit(page, lookAlike, STUDENT.password);
      assert.equal(r.status(), 401, lookAlike);
      assert.match(await page.locator('[role=alert]').innerText(), /帳號或密碼錯誤/);
    }
    // The name itself, typed by a Chinese IME in full width, is that name.
    assert.equal((await submit(page, 'ｌｉｎ．ｓｔｕｄｅｎｔ', STUDENT.password)).status(), 303);
    await context.close();
  });

  it('holds guesses at the address they come from: the owner still signs in from another (429 + Retry-After)', async () => {
    const attacker = await loginPage('203.0.113.9');
    for (let i = 0; i < 5; i++)
      assert.equal((await submit(attacker.page, OWNER.username, 'a wrong guess')).status(), 401);
    const sixth = await submit(attacker.page, OWNER.username, 'a wrong guess');
    assert.equal(sixth.status(), 429);
    assert.equal(sixth.headers()['retry-after'], '30');
    assert.match(
      await attacker.page.locator('[role=alert]').innerText(),
      /登入失敗次數過多，請於 1 分鐘後再試/,
    );
    assert.equal((await submit(attacker.page, OWNER.username, OWNER.password)).status(), 429);
    await attacker.context.close();

    const owner = await loginPage('198.51.100.77');
    assert.equal((await submit(owner.page, OWNER.username, OWNER.password)).status(), 303);
    await owner.page.waitForURL((u) => u.toString().startsWith(h.rp.url));
    await owner.context.close();
  });

  it('warns at two attempts left and points a lock to 忘記密碼 and 客服; an unknown account reads the same (zh-TW, English)', async () => {
    const known = { username: 'warned.owner', password: 'warned passphrase 2024' };
    await h.ctx.app.get(CreateAccountUseCase).execute({
      ...known,
      displayName: '測試',
      nationalId: makeNationalId('C', '2', '3000010'),
      actor: 'test',
    });
    // Six wrong passwords from one address each: what the page says after each, for both logins.
    const story = async (ip: string, login: string, locale?: 'en') => {
      const { context, page } = await loginPage(ip, locale ? { ui_locales: locale } : {});
      const said: [number, string][] = [];
      for (let i = 0; i < 6; i++) {
        const r = await submit(page, login, `wrong guess ${i}`);
        said.push([r.status(), await page.locator('[role=alert]').innerText()]);
      }
      await context.close();
      return said;
    };
    const owner = await story('203.0.113.31', known.username);
    const nobody = await story('203.0.113.32', 'no.such.person');
    assert.deepEqual(nobody, owner, 'an unknown account cannot be told apart');
    assert.deepEqual(
      owner.map(([status]) => status),
      [401, 401, 401, 401, 401, 429],
    );
    for (const [, text] of owner.slice(0, 3)) assert.doesNotMatch(text, /再錯/);
    assert.match(owner[3]![1], /帳號或密碼錯誤。再錯 2 次將暫時鎖定/);
    assert.match(owner[4]![1], /再錯 1 次將暫時鎖定/);
    assert.match(
      owner[5]![1],
      /登入失敗次數過多，請於 1 分鐘後再試。.*忘記教育雲端密碼.*客服（070-101-00107）/,
    );

    const english = await story('203.0.113.33', known.username, 'en');
    assert.match(
      english[3]![1],
      /Incorrect account or password\. Attempts left before sign-in is locked for a while: 2\./,
    );
    assert.match(
      english[5]![1],
      /Too many failed attempts.*Forgot your password\?.*helpdesk \(070-101-00107\)/,
    );
  });

  it('makes an account that fails from many addresses need the captcha, never locks its owner out', async () => {
    const victim = { username: 'many.sources', password: 'victim passphrase 2024' };
    await h.ctx.app.get(CreateAccountUseCase).execute({
      ...victim,
      displayName: '測試',
      nationalId: makeNationalId('C', '1', '3000009'),
      actor: 'test',
    });
    // Twelve addresses, two guesses each: past the account-wide limit (10), under each per-address one.
    for (let i = 0; i < 12; i++) {
      const attacker = await loginPage(`203.0.113.${100 + i}`);
      for (let j = 0; j < 2; j++)
        assert.equal((await submit(attacker.page, victim.username, `guess ${i}-${j}`)).status(), 401);
      await attacker.context.close();
    }
    // Every sign-in on this page solves the captcha, which is what the account now needs.
    const owner = await loginPage('198.51.100.78');
    assert.equal((await submit(owner.page, victim.username, victim.password)).status(), 303);
    await owner.context.close();
  });

  it('answers a MySQL outage with 503 and Retry-After, and counts none of it against the account', async () => {
    const { context, page } = await loginPage('192.0.2.50');
    await mysql.cut();
    try {
      for (let i = 0; i < 8; i++) {
        const r = await submit(page, CLASS.username, CLASS.password);
        assert.equal(r.status(), 503);
        assert.equal(r.headers()['retry-after'], '30');
        assert.match(await page.locator('[role=alert]').innerText(), /系統暫時無法處理登入/);
      }
    } finally {
      await mysql.restore();
    }
    // The same right password, once MySQL is back: in, not locked by the outage.
    let status = 503;
    for (let i = 0; i < 5 && status === 503; i++)
      status = (await submit(page, CLASS.username, CLASS.password)).status();
    assert.equal(status, 303);
    await context.close();
  });

  it('answers a Redis outage with 503 and Retry-After, not a server error', async () => {
    const { context, page } = await loginPage('192.0.2.51');
    await redis.cut();
    try {
      const r = await submit(page, CLASS.username, CLASS.password);
      assert.equal(r.status(), 503);
      assert.equal(r.headers()['retry-after'], '30');
      assert.match(await page.locator('h1').innerText(), /服務暫時無法使用/);
    } finally {
      await redis.restore();
    }
    await context.close();
    // Back in service once Redis answers again.
    let status = 0;
    for (let i = 0; i < 20 && status !== 303; i++) {
      const again = await loginPage('192.0.2.52');
      status = (await submit(again.page, CLASS.username, CLASS.password)).status();
      await again.context.close();
      if (status !== 303) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(status, 303);
  });
});
