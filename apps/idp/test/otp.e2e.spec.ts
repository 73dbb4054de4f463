import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { CreateAccountUseCase, makeNationalId } from '#identity-core';
import { SmsGatewayStub, SmtpSink, startApp, nextTotpCode, type RunningApp } from '#test-support';
import { client, OidcHarness, type RegisteredClient } from './oidc-harness.js';

/**
 * The authenticator app and one-time passwords as people use them, in zh-TW Chromium without
 * JavaScript: enrolment in My account (codes computed by the test's own RFC 6238), password + app
 * for an RP asking for MFA, 一次性密碼登入 by the app, by SMS (read from the SMS gateway the worker
 * sends to) and by a recovery code, and the replay of a used code.
 */

const HOLDER = {
  username: 'chen.otp',
  password: 'a passphrase for one-time codes',
  phone: '0966123678',
};
const PARAMS = { ui_locales: 'zh-TW', claims: JSON.stringify({ id_token: { amr: null, acr: null } }) };
const MFA = 'urn:edu-sso:acr:mfa';

describe('one-time passwords and a second factor, end to end', () => {
  const h = new OidcHarness();
  let sink: SmtpSink;
  let gateway: SmsGatewayStub;
  let worker: RunningApp;
  let rp: RegisteredClient;
  let config: client.Configuration;
  let account: BrowserContext; // the holder's browser with My account open
  let secret = '';
  let recoveryCodes: string[] = [];
  let lastStep = 0;

  before(async () => {
    sink = await SmtpSink.start();
    gateway = await SmsGatewayStub.start();
    const delivery = {
      SMTP_URL: sink.url,
      ...gateway.env(),
      NOTIFICATION_RELAY_INTERVAL_MS: '100',
    };
    await h.start(delivery);
    worker = await startApp('worker', { ...h.env, ...delivery });
    await h.ctx.app.get(CreateAccountUseCase).execute({
      username: HOLDER.username,
      password: HOLDER.password,
      displayName: '陳一次',
      nationalId: makeNationalId('K', '2', '5556667'),
      email: 'chen.otp@example.edu.tw',
      emailVerified: true,
      phone: HOLDER.phone,
      phoneVerified: true,
      actor: 'test',
    });
    rp = await h.registerClient({ name: '因材網', firstParty: true });
    config = await h.rpConfig(rp);
  });
  after(async () => {
    await account?.close();
    await worker?.stop();
    await h.stop();
    await gateway?.stop();
    await sink?.stop();
  });

  const browser = () => h.browser.newContext({ javaScriptEnabled: false, locale: 'zh-TW' });

  async function submit(page: Page, selector = 'form.form button[type=submit]') {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  }

  /** A code of a step after the last one used (a code works once): waits for the clock when needed. */
  async function nextCode(): Promise<string> {
    const holder = { totp: secret, lastStep };
    const code = await nextTotpCode(holder);
    lastStep = holder.lastStep;
    return code;
  }

  async function fillPassword(page: Page) {
    await page.fill('#login', HOLDER.username);
    await page.fill('#password', HOLDER.password);
    await submit(page, 'form[action$="/login"] button[type=submit]');
  }

  /** The RP's callback → tokens → the ID token's claims. */
  async function claimsAt(page: Page, a: Awaited<ReturnType<OidcHarness['authorizationUrl']>>) {
    await page.waitForURL((u) => u.href.startsWith(h.rp.url));
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    return tokens.claims()!;
  }

  /** 一次性密碼登入 from the RP's login page up to the code page of `via`. */
  async function oneTimePassword(context: BrowserContext, via: 'totp' | 'sms' | 'recovery') {
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, PARAMS);
    await page.goto(a.url.toString());
    await submit(page, 'form:has(button:text("一次性密碼登入")) button');
    await page.fill('#login', HOLDER.username);
    await submit(page);
    assert.equal(await page.locator('h1').innerText(), '選擇驗證方式');
    await page.check(`input[name=via][value=${via}]`);
    await submit(page);
    return { page, a };
  }

  it('enrols an authenticator app in My account: QR code drawn by the server, key, URI, ten recovery codes', async () => {
    account = await browser();
    const page = await account.newPage();
    await page.goto(`${h.idp.url}/account?ui_locales=zh-TW`);
    // My account signs in through the idp like any RP: the login page first.
    assert.match(new URL(page.url()).pathname, /^\/interaction\//);
    await fillPassword(page);
    await page.waitForURL((u) => u.pathname === '/account');
    assert.equal(await page.locator('h1').innerText(), '我的帳號');
    assert.match(await page.locator('#methods-title + p + dl').innerText(), /尚未設定/);

    await Promise.all([page.waitForNavigation(), page.click('a:text("設定驗證器 App")')]);
    assert.equal(await page.locator('h1').innerText(), '設定驗證器 App');
    const qr = await page.locator('.qr img').getAttribute('src');
    assert.match(qr!, /^data:image\/png;base64,/);
    secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const uri = new URL(await page.locator('#totp-uri').innerText());
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.searchParams.get('secret'), secret);
    // A wrong code is refused on the same page.
    const right = await nextCode();
    await page.fill('#code', right === '000000' ? '111111' : '000000');
    await submit(page);
    assert.match(await page.locator('[role=alert]').innerText(), /驗證碼不正確/);
    await page.fill('#code', right);
    await submit(page);
    assert.equal(await page.locator('h1').innerText(), '您的備用復原碼');
    recoveryCodes = await page.locator('ol.recovery-codes code').allInnerTexts();
    assert.equal(recoveryCodes.length, 10);
    await page.goto(`${h.idp.url}/account`);
    assert.match(await page.locator('#methods-title + p + dl').innerText(), /已設定/);
    // The holder was told, by mail and SMS.
    const mail = await sink.waitFor('chen.otp@example.edu.tw');
    assert.equal(mail.subject, '您的教育雲端帳號新增了登入方式');
  });

  it('an RP asking acr_values=mfa: password, then the app; amr pwd, otp, mfa and the MFA acr; the code again is refused', async () => {
    const context = await browser();
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, { ...PARAMS, acr_values: MFA });
    await page.goto(a.url.toString());
    await fillPassword(page);
    // The account has the app and recovery codes: the holder picks.
    assert.equal(await page.locator('h1').innerText(), '請選擇驗證方式');
    await submit(page, 'button:text("驗證器 App 驗證碼")');
    const code = await nextCode();
    await page.fill('#code', code);
    await submit(page);
    const claims = await claimsAt(page, a);
    assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);
    assert.equal(claims.acr, MFA);
    await context.close();
    // A browser this account never used: the holder is warned, with the way to sign out everywhere.
    const warned = await sink.waitForCount('chen.otp@example.edu.tw', 2);
    const notice = warned.find((m) => m.subject === '您的教育雲端帳號在新裝置登入');
    assert.ok(notice, warned.map((m) => m.subject).join(', '));
    assert.ok(notice.text.includes(`${h.idp.url}/account`));

    // Replay: the same code in another browser's sign-in is refused.
    const other = await browser();
    const p2 = await other.newPage();
    await p2.goto((await h.authorizationUrl(config, { ...PARAMS, acr_values: MFA })).url.toString());
    await fillPassword(p2);
    await submit(p2, 'button:text("驗證器 App 驗證碼")');
    await p2.fill('#code', code);
    await submit(p2);
    assert.match(await p2.locator('[role=alert]').innerText(), /驗證未通過/);
    assert.match(new URL(p2.url()).pathname, /\/method\/totp\/code$/);
    await other.close();
  });

  it('a session without MFA is asked again when an RP wants MFA (never a lower acr silently)', async () => {
    const context = await browser();
    const first = await h.fullLogin(config, context, { ...HOLDER, nationalId: '' }, PARAMS);
    assert.equal(first.tokens.claims()!.acr, 'urn:edu-sso:acr:password');
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, { ...PARAMS, acr_values: MFA, prompt: 'none' });
    await page.goto(a.url.toString());
    assert.equal(new URL(page.url()).searchParams.get('error'), 'login_required');
    const b = await h.authorizationUrl(config, { ...PARAMS, acr_values: MFA });
    await page.goto(b.url.toString());
    assert.match(new URL(page.url()).pathname, /^\/interaction\/[^/]+$/, 'a login page, not the RP');
    await context.close();
  });

  it('一次性密碼登入 by the authenticator app', async () => {
    const context = await browser();
    const { page, a } = await oneTimePassword(context, 'totp');
    assert.equal(await page.locator('h1').innerText(), '輸入驗證器 App 的驗證碼');
    await page.fill('#code', await nextCode());
    await submit(page);
    const claims = await claimsAt(page, a);
    assert.deepEqual(claims.amr, ['otp']);
    await context.close();
  });

  it('一次性密碼登入 by SMS: turned on in My account, the code read from the SMS gateway', async () => {
    const page = await account.newPage();
    await page.goto(`${h.idp.url}/account`);
    await submit(page, 'button:text("啟用簡訊驗證碼")');
    assert.match(await page.locator('[role=status]').innerText(), /已啟用簡訊驗證碼/);
    await page.close();

    const context = await browser();
    const before = gateway.messagesTo(HOLDER.phone).length;
    const { page: p, a } = await oneTimePassword(context, 'sms');
    assert.match(await p.locator('[role=status]').innerText(), /09\*\*-\*\*\*-678/);
    // Other messages (new-device notices) may come in between: the sign-in code is the one to read.
    let sms;
    for (const deadline = Date.now() + 15_000; !sms && Date.now() < deadline;) {
      sms = gateway
        .messagesTo(HOLDER.phone)
        .slice(before)
        .find((m) => m.smbody.includes('登入驗證碼'));
      if (!sms) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(sms, 'the sign-in code arrived');
    const code = /(\d{6})/.exec(sms!.smbody)![1]!;
    await p.fill('#code', code);
    await submit(p);
    const claims = await claimsAt(p, a);
    assert.deepEqual(claims.amr, ['sms']);
    await context.close();
  });

  it('一次性密碼登入 with a recovery code, which then no longer works', async () => {
    const context = await browser();
    const { page, a } = await oneTimePassword(context, 'recovery');
    await page.fill('#code', recoveryCodes[0]!);
    await submit(page);
    assert.deepEqual((await claimsAt(page, a)).amr, ['otp']);
    await context.close();
    const again = await browser();
    const { page: p2 } = await oneTimePassword(again, 'recovery');
    await p2.fill('#code', recoveryCodes[0]!);
    await submit(p2);
    assert.match(await p2.locator('[role=alert]').innerText(), /驗證未通過/);
    await again.close();
  });
});
