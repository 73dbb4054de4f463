import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import type { BrowserContext, Page } from 'playwright-core';
import { CreateAccountUseCase, makeNationalId } from '#identity-core';
import { REDIS } from '#platform';
import { SmtpSink, startApp, type RunningApp } from '#test-support';
import { client, OidcHarness, TEACHER, type RegisteredClient } from './oidc-harness.js';

/**
 * My account in zh-TW Chromium without JavaScript: changing the email and the password needs a
 * sign-in within 5 minutes (an older one is asked again), a session ended from My account is
 * over at the RP too (its next prompt=none fails), and 一次性密碼登入 answers a name that is no
 * account exactly as it answers an account with nothing enrolled.
 */

const HOLDER = {
  username: 'huang.account',
  password: 'my account passphrase 2026',
  email: 'huang.old@example.edu.tw',
  nationalId: makeNationalId('M', '1', '2223334'),
};
const NEW_EMAIL = 'huang.new@example.edu.tw';
const NEW_PASSWORD = 'a brand new passphrase here';

describe('My account, end to end', () => {
  const h = new OidcHarness();
  let sink: SmtpSink;
  let worker: RunningApp;
  let rp: RegisteredClient;
  let config: client.Configuration;
  let mine: BrowserContext;

  before(async () => {
    sink = await SmtpSink.start();
    const delivery = { SMTP_URL: sink.url, NOTIFICATION_RELAY_INTERVAL_MS: '100' };
    await h.start(delivery);
    worker = await startApp('worker', { ...h.env, ...delivery });
    await h.ctx.app.get(CreateAccountUseCase).execute({
      ...HOLDER,
      displayName: '黃帳號',
      emailVerified: true,
      actor: 'test',
    });
    rp = await h.registerClient({ name: '因材網', firstParty: true });
    config = await h.rpConfig(rp);
  });
  after(async () => {
    await mine?.close();
    await worker?.stop();
    await h.stop();
    await sink?.stop();
  });

  const browser = () => h.browser.newContext({ javaScriptEnabled: false, locale: 'zh-TW' });

  async function submit(page: Page, selector = 'form.form button[type=submit]') {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  }

  async function signIn(page: Page, password: string) {
    assert.match(new URL(page.url()).pathname, /^\/interaction\//, `a login page, not ${page.url()}`);
    await page.fill('#login', HOLDER.username);
    await page.fill('#password', password);
    await submit(page, 'form[action$="/login"] button[type=submit]');
  }

  /** Makes My account's sign-in older than 5 minutes, as if the holder had left the page open. */
  async function age(context: BrowserContext) {
    const cookie = (await context.cookies()).find((c) => c.name === 'edusso_account');
    assert.ok(cookie, 'My account has a session');
    const redis = h.ctx.app.get<Redis>(REDIS);
    const key = `${h.env.REDIS_PREFIX}:my-account:s:${cookie.value}`;
    const session = JSON.parse((await redis.get(key))!);
    session.authTime -= 6 * 60;
    await redis.set(key, JSON.stringify(session), 'EX', 600);
  }

  it('changes the email after signing in again: a code to the new address, a notice to the old one', async () => {
    mine = await browser();
    const page = await mine.newPage();
    await page.goto(`${h.idp.url}/account?ui_locales=zh-TW`);
    await signIn(page, HOLDER.password);
    await page.waitForURL((u) => u.pathname === '/account');
    assert.match(await page.locator('#profile-title + dl').innerText(), /huang\.old@example\.edu\.tw/);

    await age(mine);
    await page.goto(`${h.idp.url}/account/email`);
    // An old sign-in: the idp asks for the password again before the form.
    await signIn(page, HOLDER.password);
    await page.waitForURL((u) => u.pathname === '/account/email');
    await page.fill('#value', NEW_EMAIL);
    await submit(page);
    assert.match(await page.locator('[role=status]').innerText(), /huang\.new@example\.edu\.tw/);
    const mail = await sink.waitFor(NEW_EMAIL);
    const code = /(\d{6})/.exec(mail.text)![1]!;
    await page.fill('#code', code === '000000' ? '111111' : '000000');
    await submit(page);
    assert.match(await page.locator('[role=alert]').innerText(), /驗證碼不正確/);
    await page.fill('#code', code);
    await submit(page);
    await page.waitForURL((u) => u.pathname === '/account');
    assert.match(await page.locator('#profile-title + dl').innerText(), /huang\.new@example\.edu\.tw/);
    const notice = await sink.waitFor(HOLDER.email);
    assert.equal(notice.subject, '您的教育雲端帳號聯絡資料已變更');
  });

  it('changes the password after signing in again; the RP then takes the new one only', async () => {
    const page = await mine.newPage();
    await age(mine);
    await page.goto(`${h.idp.url}/account/password`);
    await signIn(page, HOLDER.password);
    await page.waitForURL((u) => u.pathname === '/account/password');
    await page.fill('#password', NEW_PASSWORD);
    await page.fill('#confirm', 'something else entirely');
    await submit(page);
    assert.match(await page.locator('[role=alert]').innerText(), /兩次輸入的密碼不一致/);
    await page.fill('#password', NEW_PASSWORD);
    await page.fill('#confirm', NEW_PASSWORD);
    await submit(page);
    await page.waitForURL((u) => u.pathname === '/account');
    assert.match(await page.locator('[role=status]').innerText(), /密碼已變更/);
    const other = await browser();
    await assert.rejects(
      h.fullLogin(config, other, { ...HOLDER, password: HOLDER.password }),
      /login refused/,
    );
    await other.close();
    const ok = await browser();
    const login = await h.fullLogin(config, ok, { ...HOLDER, password: NEW_PASSWORD });
    assert.ok(login.tokens.access_token);
    await ok.close();
  });

  it('a stale change posted from an old page asks to sign in again instead of acting', async () => {
    const page = await mine.newPage();
    await page.goto(`${h.idp.url}/account/password`);
    await age(mine);
    await page.fill('#password', 'yet another long passphrase');
    await page.fill('#confirm', 'yet another long passphrase');
    await submit(page);
    assert.equal(await page.locator('h1').innerText(), '請再次驗證身分');
  });

  it('ends one session from My account: the RP signed in there gets login_required at prompt=none', async () => {
    const elsewhere = await browser();
    await h.fullLogin(config, elsewhere, { ...HOLDER, password: NEW_PASSWORD });
    const page = await mine.newPage();
    await page.goto(`${h.idp.url}/account`);
    // This browser, the one just signed in elsewhere, and the one of the password test (not signed out).
    const count = await page.locator('li.session').count();
    assert.equal(count, 3);
    // Newest first: the first that is not this browser is the one just signed in.
    const other = page.locator('li.session', { hasNotText: '（此裝置）' }).first();
    assert.match(await other.innerText(), /127\.0\.0\.1/);
    await Promise.all([page.waitForNavigation(), other.locator('button').click()]);
    assert.match(await page.locator('[role=status]').innerText(), /已登出該裝置/);
    assert.equal(await page.locator('li.session').count(), count - 1);
    // The RP's next silent sign-in in that browser fails.
    const rpPage = await elsewhere.newPage();
    await rpPage.goto((await h.authorizationUrl(config, { prompt: 'none' })).url.toString());
    assert.equal(new URL(rpPage.url()).searchParams.get('error'), 'login_required');
    await elsewhere.close();
    // The last sign-ins list what happened, with method and outcome.
    const history = await page.locator('table.history').innerText();
    assert.match(history, /完成登入/);
    assert.match(history, /密碼/);
    assert.match(history, /失敗/);
  });

  it('一次性密碼登入: a name that is no account gets what an account with nothing enrolled gets, in the same time', async () => {
    const context = await browser();
    const page = await context.newPage();
    /** The pages of the flow up to a refused code, and how long the name step took. */
    async function run(login: string, via: string) {
      await page.goto((await h.authorizationUrl(config, { ui_locales: 'zh-TW' })).url.toString());
      await submit(page, 'form:has(button:text("一次性密碼登入")) button');
      await page.fill('#login', login);
      const started = performance.now();
      await submit(page);
      const ms = performance.now() - started;
      const choose = await page.locator('main').innerHTML();
      await page.check(`input[name=via][value=${via}]`);
      await submit(page);
      const code = await page.locator('main').innerHTML();
      await page.fill('#code', '123456');
      await submit(page);
      const refused = await page.locator('main').innerHTML();
      const same = (s: string) =>
        s.replace(/\/interaction\/[^/"]+/g, '/interaction/UID').replace(/\*\*\*-\d{3}/g, '***-NNN');
      return { pages: [choose, code, refused].map(same), ms };
    }
    const known: number[] = [];
    const unknown: number[] = [];
    for (const via of ['totp', 'sms', 'recovery']) {
      const a = await run(TEACHER.username, via);
      const b = await run('no.such.teacher', via);
      assert.deepEqual(a.pages, b.pages, via);
      known.push(a.ms);
      unknown.push(b.ms);
    }
    for (let i = 0; i < 4; i++) {
      known.push((await run(TEACHER.username, 'totp')).ms);
      unknown.push((await run('no.such.teacher', 'totp')).ms);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const [k, u] = [median(known), median(unknown)];
    assert.ok(
      Math.abs(k - u) < Math.max(40, 0.5 * Math.max(k, u)),
      `medians ${k.toFixed(0)} / ${u.toFixed(0)} ms`,
    );
    await context.close();
  });
});
