import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AttemptGate,
  CreateAccountUseCase,
  accountSubject,
  makeNationalId,
} from '#identity-core';
import { MASKED_EMAIL_PATTERN, MASKED_PHONE_PATTERN } from '#password-reset';
import { SmsGatewayStub, SmtpSink, startApp, type ReceivedMail, type RunningApp } from '#test-support';
import { client, OidcHarness, type RegisteredClient } from './oidc-harness.js';

/**
 * Forgot password and forgot username through the idp as people use them: headless Chromium with
 * JavaScript switched off, a real SMTP server and an SMS gateway speaking the worker's wire format
 * (Mitake SmSend), the worker process relaying the outbox, and an openid-client RP whose sessions
 * and refresh tokens must be dead after a reset.
 */

const OLD = 'the old and long passphrase';
const NEW = 'a fresh passphrase for 2026';
let seq = 0;

interface Person {
  username: string;
  password: string;
  nationalId: string;
  email: string;
  phone: string;
  birthDate: string;
}

describe('forgot password and username, end to end', () => {
  const h = new OidcHarness();
  let sink: SmtpSink;
  let gateway: SmsGatewayStub;
  let worker: RunningApp;
  let rp: RegisteredClient;
  let config: client.Configuration;
  let config2: client.Configuration; // a second RP the person also signed in to

  before(async () => {
    sink = await SmtpSink.start();
    gateway = await SmsGatewayStub.start();
    const delivery = {
      SMTP_URL: sink.url,
      SMS_PROVIDER: 'mitake',
      SMS_GATEWAY_URL: gateway.url,
      SMS_USERNAME: gateway.username,
      SMS_PASSWORD: gateway.password,
      NOTIFICATION_RELAY_INTERVAL_MS: '100',
    };
    await h.start(delivery);
    worker = await startApp('worker', { ...h.env, ...delivery });
    rp = await h.registerClient({ name: '因材網', firstParty: true });
    config = await h.rpConfig(rp);
    config2 = await h.rpConfig(await h.registerClient({ name: '學習歷程', firstParty: true }));
  });
  after(async () => {
    await worker?.stop();
    await h.stop();
    await gateway?.stop();
    await sink?.stop();
  });

  async function person(over: Partial<Person> & { noPhone?: boolean } = {}): Promise<Person> {
    const n = ++seq;
    const p: Person = {
      username: `forgot.user${n}`,
      password: OLD,
      nationalId: makeNationalId('H', '2', String(4000000 + n)),
      email: `forgot${n}@example.edu.tw`,
      phone: `0933000${String(n).padStart(3, '0')}`,
      birthDate: '1996-03-15',
      ...over,
    };
    await h.ctx.app.get(CreateAccountUseCase).execute({
      username: p.username,
      password: p.password,
      displayName: `忘記${n}號`,
      nationalId: p.nationalId,
      birthDate: p.birthDate,
      email: p.email,
      emailVerified: true,
      phone: over.noPhone ? undefined : p.phone,
      phoneVerified: !over.noPhone,
      actor: 'test',
    });
    return p;
  }

  /** No JavaScript at all: the pages must work without it. */
  const noScript = () => h.browser.newContext({ javaScriptEnabled: false, locale: 'zh-TW' });

  async function submit(page: Page, selector = 'form button[type=submit]') {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response!;
  }

  /**
   * Signed in at two RPs: a browser SSO session plus refresh and access tokens at each, the second
   * with offline_access (which outlives the browser session, so only ending its grant ends it).
   */
  async function signedIn(p: Person) {
    const context = await h.browser.newContext();
    const login = await h.fullLogin(config, context, p);
    assert.ok(login.tokens.refresh_token);
    const offline = await h.fullLogin(config2, context, p, {
      scope: 'openid profile offline_access',
      prompt: 'consent',
    });
    assert.ok(offline.tokens.refresh_token);
    return { context, tokens: login.tokens, offline: offline.tokens };
  }

  /** Everything a sign-in left behind is dead: refresh token, access token, browser session. */
  async function assertSignedOutEverywhere(s: Awaited<ReturnType<typeof signedIn>>) {
    await assert.rejects(client.refreshTokenGrant(config, s.tokens.refresh_token!), {
      error: 'invalid_grant',
    });
    assert.equal((await client.tokenIntrospection(config, s.tokens.access_token)).active, false);
    await assert.rejects(client.refreshTokenGrant(config2, s.offline.refresh_token!), {
      error: 'invalid_grant',
    });
    assert.equal((await client.tokenIntrospection(config2, s.offline.access_token)).active, false);
    const page = await s.context.newPage();
    const a = await h.authorizationUrl(config, { prompt: 'none' });
    await page.goto(a.url.toString());
    assert.equal(new URL(page.url()).searchParams.get('error'), 'login_required');
    await s.context.close();
  }

  /** The login page of a new authorization request, in a script-less browser. */
  async function loginPage(context: BrowserContext) {
    const page = await context.newPage();
    const a = await h.authorizationUrl(config);
    await page.goto(a.url.toString());
    assert.ok(page.url().startsWith(`${h.idp.url}/interaction/`));
    return { page, a };
  }

  const mailLink = (mail: ReceivedMail) => {
    const m = /https?:\/\/\S+\/forgot\/reset\?token=[A-Za-z0-9_-]{43}/.exec(mail.text);
    assert.ok(m, mail.text);
    return m[0];
  };

  it('email link: from the login page through the mailbox to a new password; old sessions and tokens die', async () => {
    const p = await person();
    const before = await signedIn(p);

    const context = await noScript();
    const { page, a } = await loginPage(context);
    const interaction = page.url();
    await page.click('text=忘記教育雲端密碼');
    assert.match(page.url(), /\/forgot\?ui_locales=zh-TW&return=%2Finteraction%2F/);
    assert.equal(await page.textContent('h1'), '忘記教育雲端密碼');
    await page.fill('#identifier', p.username);
    await submit(page);
    assert.equal(await page.textContent('h1'), '選擇接收方式');
    const buttons = await page.locator('button[name=channel]').allTextContents();
    assert.deepEqual(
      buttons.map((b) => b.trim()),
      ['寄送重設連結到 f***@e***.edu.tw', `傳送簡訊驗證碼到 09**-***-${p.phone.slice(-3)}`],
    );
    await submit(page, 'button[name=channel][value=email]');
    assert.equal(await page.textContent('h1'), '請查看您的電子郵件');

    const mail = await sink.waitFor(p.email);
    assert.match(mail.subject, /重設/);
    const link = mailLink(mail);
    const opened = await page.goto(link);
    assert.equal(opened!.status(), 200);
    assert.equal(opened!.headers()['referrer-policy'], 'no-referrer');
    assert.match(opened!.headers()['content-security-policy']!, /script-src 'none'/);
    assert.equal(await page.inputValue('#username'), p.username);
    await page.fill('#password', NEW);
    await page.fill('#confirm', NEW);
    await submit(page);
    assert.equal(await page.textContent('h1'), '密碼已重設');

    // The notice goes to the other channel: SMS.
    const [notice] = await gateway.waitFor(p.phone);
    assert.match(notice!.smbody, /密碼已變更/);
    await assertSignedOutEverywhere(before);

    // The link may be opened anywhere, so the done page cannot lead back; this browser goes back
    // to the login page it came from, and signs in with the new password.
    assert.equal(await page.locator('a.button').count(), 0);
    await page.goto(interaction);
    const callback = await h.login(page, { username: p.username, password: NEW });
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    assert.ok(tokens.access_token);

    // Single use.
    const again = await page.goto(link);
    assert.equal(again!.status(), 400);
    assert.equal(await page.textContent('h1'), '連結已失效');
    await context.close();
  });

  it('SMS code: wrong code, then the right one, then a new password; old sessions and tokens die', async () => {
    const p = await person();
    const before = await signedIn(p);
    const context = await noScript();
    const { page, a } = await loginPage(context);
    await page.click('text=忘記教育雲端密碼');
    await page.fill('#identifier', p.nationalId.toLowerCase());
    await submit(page);
    await submit(page, 'button[name=channel][value=sms]');
    assert.equal(await page.textContent('h1'), '輸入簡訊驗證碼');
    assert.match((await page.textContent('main'))!, new RegExp(`09\\*\\*-\\*\\*\\*-${p.phone.slice(-3)}`));

    const [sms] = await gateway.waitFor(p.phone);
    assert.equal(sms!.charset, 'UTF-8');
    const code = /(\d{6})/.exec(sms!.smbody)![1]!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await page.fill('#code', wrong);
    const bad = await submit(page);
    assert.equal(bad.status(), 400);
    assert.match((await page.textContent('.error-summary'))!, /驗證碼錯誤，此驗證碼還可再試 4 次/);
    assert.equal(await page.getAttribute('#code', 'aria-invalid'), 'true');

    await page.fill('#code', code);
    await submit(page);
    assert.equal(await page.textContent('h1'), '設定新密碼');
    await page.fill('#password', 'password123');
    await page.fill('#confirm', 'password123');
    assert.equal((await submit(page)).status(), 400);
    assert.match((await page.textContent('.error-summary'))!, /此密碼太常見/);
    await page.fill('#password', NEW);
    await page.fill('#confirm', `${NEW}!`);
    assert.equal((await submit(page)).status(), 400);
    assert.match((await page.textContent('.error-summary'))!, /兩次輸入的新密碼不一致/);
    await page.fill('#password', NEW);
    await page.fill('#confirm', NEW);
    await submit(page);
    assert.equal(await page.textContent('h1'), '密碼已重設');

    const [notice] = await sink.waitForCount(p.email, 1);
    assert.match(notice!.subject, /密碼已變更/);
    await assertSignedOutEverywhere(before);

    // The same browser goes back to the login page it came from, and signs in.
    await submit(page, 'a.button');
    assert.ok(page.url().startsWith(`${h.idp.url}/interaction/`));
    const callback = await h.login(page, { username: p.username, password: NEW });
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    assert.equal(tokens.claims()!.sub, before.tokens.claims()!.sub);
    await context.close();
  });

  /** GET a form with its CSRF cookie and token, for requests made without the browser. */
  async function formSession(path = '/forgot') {
    const res = await fetch(`${h.idp.url}${path}`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    return { cookie, csrf };
  }

  async function post(path: string, form: Record<string, string>, s?: { cookie: string; csrf: string }) {
    const session = s ?? (await formSession());
    const started = performance.now();
    const res = await fetch(`${h.idp.url}${path}`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: session.csrf, ...form }),
    });
    const body = await res.text();
    return { status: res.status, body, ms: performance.now() - started, headers: res.headers };
  }

  it('no enumeration: existing and unknown accounts get the same page, stable, in about the same time', async () => {
    const p = await person();
    const unknown = ['no.such.person', makeNationalId('R', '1', '7777777')];
    const shape = (html: string) =>
      html
        // The channel buttons first (before their values are blanked); their labels are checked below.
        .replace(/<button[^>]*value="(email|sms)"[^>]*>[\s\S]*?<\/button>\s*/g, 'BUTTON')
        .replace(/value="[^"]*"/g, 'value=""')
        .replace(/[a-z0-9*]\*\*\*@[a-z0-9*]\*\*\*\.[a-z.*]+/g, 'EMAIL')
        .replace(/09\*\*-\*\*\*-\d{3}/g, 'PHONE');
    /** Every channel label, real or look-alike, is one of the two masked forms. */
    const assertMaskedLabels = (html: string) => {
      // The button's text (a masked number sits in a span that keeps it on one line).
      const labels = [...html.matchAll(/value="(email|sms)"[^>]*>([\s\S]*?)<\/button>/g)].map(
        ([, kind, inner]) =>
          [
            kind,
            inner!
              .replace(/<[^>]*>/g, '')
              .replace(/\s+/g, ' ')
              .trim(),
          ] as const,
      );
      assert.ok(labels.length > 0);
      for (const [kind, label] of labels) {
        const [, masked] = /^(?:寄送重設連結到|傳送簡訊驗證碼到) (\S+)$/.exec(label!) ?? [];
        assert.match(masked ?? label!, kind === 'email' ? MASKED_EMAIL_PATTERN : MASKED_PHONE_PATTERN);
      }
    };
    const real = await post('/forgot', { identifier: p.username });
    assert.equal(real.status, 200);
    assertMaskedLabels(real.body);
    for (const identifier of unknown) {
      const first = await post('/forgot', { identifier });
      const second = await post('/forgot', { identifier });
      assert.equal(first.status, real.status);
      assert.deepEqual(
        [...first.headers.keys()].filter((k) => k !== 'date').sort(),
        [...real.headers.keys()].filter((k) => k !== 'date').sort(),
      );
      // Same page apart from the masked channels (which are stable) and the hidden values.
      assert.equal(shape(first.body).replace(/BUTTON/g, ''), shape(real.body).replace(/BUTTON/g, ''));
      const buttons = (html: string) => html.match(/value="(email|sms)"[^>]*>\s*([^<]*)</g);
      assert.deepEqual(buttons(first.body), buttons(second.body), 'stable look-alikes');
      assertMaskedLabels(first.body);
    }

    // Sending: the same "check your mail" page; nothing arrives for the unknown one.
    const sendTo = async (identifier: string) => {
      const s = await formSession();
      const step1 = await post('/forgot', { identifier }, s);
      const flow = /name="flow" value="([^"]+)"/.exec(step1.body)![1]!;
      const channel = /name="channel"\s+value="(email|sms)"/.exec(step1.body)![1]!;
      return { channel, sent: await post('/forgot/send', { flow, channel }, s) };
    };
    const realSent = await sendTo(p.username);
    assert.equal(realSent.channel, 'email');
    let unknownSent: Awaited<ReturnType<typeof sendTo>> | undefined;
    for (let i = 0; !unknownSent || unknownSent.channel !== 'email'; i++)
      unknownSent = await sendTo(`nobody.${i}`);
    assert.equal(unknownSent.sent.status, realSent.sent.status);
    assert.equal(shape(unknownSent.sent.body), shape(realSent.sent.body));
    await sink.waitFor(p.email);
    const mails = sink.messages.length;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(sink.messages.length, mails, 'nothing sent for the unknown identifier');

    // Timing: the same work either way (one look-up, no hashing), so medians stay close.
    const median = async (identifier: string) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) times.push((await post('/forgot', { identifier })).ms);
      return times.sort((x, y) => x - y)[3]!;
    };
    const [known, none] = [await median(p.username), await median('no.such.person')];
    assert.ok(Math.abs(known - none) < 50, `median ${known.toFixed(1)} ms vs ${none.toFixed(1)} ms`);
  });

  it('bad input gets a clear message, never a 500', async () => {
    const good = makeNationalId('A', '1', '2345678');
    const badChecksum = good.slice(0, 9) + String((Number(good[9]) + 1) % 10);
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ identifier: badChecksum }, 400, /身分證字號（或居留證號）不正確/],
      [{ identifier: 'B3' + '1'.repeat(8) }, 400, /身分證字號（或居留證號）不正確/],
      [{ identifier: '1234567890' }, 400, /請輸入有效的帳號/],
      [{ identifier: 'x'.repeat(5000) }, 400, /輸入的內容過長/],
      [{ identifier: '' }, 400, /請輸入帳號或身分證字號/],
    ];
    for (const [form, status, message] of cases) {
      const r = await post('/forgot', form);
      assert.equal(r.status, status, JSON.stringify(form).slice(0, 60));
      assert.match(r.body, message);
      assert.match(r.body, /<title>錯誤：/);
    }
    // A field sent twice is no string: "required", not a crash.
    const s = await formSession();
    const twice = await fetch(`${h.idp.url}/forgot`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${s.csrf}&identifier=a&identifier=b`,
    });
    assert.equal(twice.status, 400);
    // No CSRF cookie or token.
    const forged = await fetch(`${h.idp.url}/forgot`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'identifier=lin.student',
    });
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /此表單已失效/);
    // A body over the limit.
    const huge = await fetch(`${h.idp.url}/forgot`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${s.csrf}&identifier=${'y'.repeat(40_000)}`,
    });
    assert.equal(huge.status, 413);
    // Forged or stale step-1 state, and a channel that was not offered.
    const stale = await post('/forgot/send', { flow: 'AAAA', channel: 'email' });
    assert.equal(stale.status, 400);
    assert.match(stale.body, /此頁面已逾時或已失效/);

    // Links: garbage, unknown, expired.
    for (const token of ['abc', 'x'.repeat(43), 'A'.repeat(5000)]) {
      const r = await fetch(`${h.idp.url}/forgot/reset?token=${token}`);
      assert.equal(r.status, 400);
      assert.match(await r.text(), /連結無效/);
    }
    assert.equal((await fetch(`${h.idp.url}/forgot/reset`)).status, 400);
    const p = await person();
    const { cookie, csrf } = await formSession();
    const step1 = await post('/forgot', { identifier: p.username }, { cookie, csrf });
    const flow = /name="flow" value="([^"]+)"/.exec(step1.body)![1]!;
    await post('/forgot/send', { flow, channel: 'email' }, { cookie, csrf });
    const link = mailLink(await sink.waitFor(p.email));
    await h.ctx.app.get(DataSource).query(
      `UPDATE password_reset_challenges c JOIN accounts a ON a.id = c.account_id
         SET c.expires_at = NOW(3) - INTERVAL 1 MINUTE WHERE a.username = ?`,
      [p.username],
    );
    const expired = await fetch(link);
    assert.equal(expired.status, 400);
    assert.match(await expired.text(), /連結已過期/);
    const token = new URL(link).searchParams.get('token')!;
    const late = await post('/forgot/password', { ticket: token, password: NEW, confirm: NEW });
    assert.equal(late.status, 400);
    assert.match(late.body, /連結已過期/);
  });

  it('bad codes: malformed, oversized, exhausted, expired and reused; oversized passwords', async () => {
    const p = await person();
    const s = await formSession();
    const startSms = async () => {
      const step1 = await post('/forgot', { identifier: p.username }, s);
      const flow = /name="flow" value="([^"]+)"/.exec(step1.body)![1]!;
      const before = gateway.messagesTo(p.phone).length;
      const page = await post('/forgot/send', { flow, channel: 'sms' }, s);
      const ticket = /name="ticket" value="([^"]+)"/.exec(page.body)![1]!;
      const smsList = await gateway.waitFor(p.phone, 10_000, before + 1);
      return { ticket, code: /(\d{6})/.exec(smsList.at(-1)!.smbody)![1]! };
    };
    const enter = (ticket: string, code: string) =>
      post('/forgot/code', { ticket, code, to: 'x', minutes: '10' }, s);

    const first = await startSms();
    for (const [code, message] of [
      ['abc', /驗證碼為 6 位數字/],
      ['9'.repeat(5000), /驗證碼為 6 位數字/],
      ['', /請輸入簡訊驗證碼/],
    ] as const) {
      const r = await enter(first.ticket, code);
      assert.equal(r.status, 400);
      assert.match(r.body, message);
    }
    const wrong = String((Number(first.code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) assert.equal((await enter(first.ticket, wrong)).status, 400);
    const last = await enter(first.ticket, wrong);
    assert.match(last.body, /此驗證碼已失效，請重新傳送驗證碼/);
    const exhausted = await enter(first.ticket, first.code);
    assert.equal(exhausted.status, 400);
    assert.match(exhausted.body, /錯誤次數過多，已失效/);

    // A new code does not reset the account's counter: after 5 failures the next one waits.
    const second = await startSms();
    assert.equal((await enter(second.ticket, wrong === second.code ? first.code : wrong)).status, 400);
    const throttled = await enter(second.ticket, second.code);
    assert.equal(throttled.status, 429);
    assert.match(throttled.body, /驗證碼錯誤次數過多，請於 1 分鐘後再試/);
    assert.equal(throttled.headers.get('retry-after'), '30');

    // Expired: the clock of the running idp is real, so age the row instead.
    await h.ctx.app.get(DataSource).query(
      `UPDATE password_reset_challenges c JOIN accounts a ON a.id = c.account_id
         SET c.expires_at = NOW(3) - INTERVAL 1 SECOND WHERE a.username = ? AND c.used_at IS NULL`,
      [p.username],
    );
    const expired = await enter(second.ticket, second.code);
    assert.equal(expired.status, 400);
    assert.match(expired.body, /此驗證碼已過期或已失效/);

    // Reused: a right code works once; its form token is spent afterwards. (The 30 s wait from
    // the counter above is cleared by hand, as a successful reset would.)
    const account = await h.ctx.app.get(AccountRepository).findByLogin(p.username);
    await h.ctx.app.get(AttemptGate).clear(accountSubject(account!.id));
    const third = await startSms();
    const ok = await enter(third.ticket, third.code);
    assert.equal(ok.status, 200);
    assert.match(ok.body, /設定新密碼/);
    const reused = await enter(third.ticket, third.code);
    assert.equal(reused.status, 400);
    assert.match(reused.body, /此頁面已逾時或已失效/);

    const ticket = /name="ticket" value="([^"]+)"/.exec(ok.body)![1]!;
    const long = 'long '.repeat(1000);
    const tooLong = await post('/forgot/password', { ticket, password: long, confirm: long }, s);
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body, /密碼最多 128 個字元/);
    const done = await post('/forgot/password', { ticket, password: NEW, confirm: NEW }, s);
    assert.equal(done.status, 200);
    assert.match(done.body, /密碼已重設/);
    const twice = await post('/forgot/password', { ticket, password: NEW, confirm: NEW }, s);
    assert.equal(twice.status, 400);
    assert.match(twice.body, /已使用過/);
  });

  it('forgot username: the username reaches the verified channels; the page says the same for anyone', async () => {
    const p = await person();
    const context = await noScript();
    const page = await context.newPage();
    await page.goto(`${h.idp.url}/forgot/username`);
    await page.fill('#nationalId', 'A12345');
    await page.fill('#birthDate', '1996-02-30');
    assert.equal((await submit(page)).status(), 400);
    const summary = (await page.textContent('.error-summary'))!;
    assert.match(summary, /身分證字號（或居留證號）不正確/);
    assert.match(summary, /出生日期不正確/);
    await page.fill('#nationalId', p.nationalId);
    await page.fill('#birthDate', '85/03/15');
    await submit(page);
    assert.equal(await page.textContent('h1'), '請查看您的電子郵件或手機');
    const mail = await sink.waitFor(p.email);
    assert.match(mail.text, /fo\*\*\*\w{3}/);
    await gateway.waitFor(p.phone);

    const ask = async (nationalId: string) =>
      post(
        '/forgot/username',
        { nationalId, birthDate: '1996-03-15' },
        await formSession('/forgot/username'),
      );
    const known = await ask(p.nationalId);
    const unknown = await ask(makeNationalId('R', '2', '5555555'));
    assert.equal(unknown.status, 200);
    assert.equal(unknown.status, known.status);
    assert.equal(unknown.body, known.body);
    await context.close();
  });

  it('English pages when asked for, and the forgot pages need no JavaScript or inline style', async () => {
    const r = await fetch(`${h.idp.url}/forgot?ui_locales=en`);
    const body = await r.text();
    assert.match(body, /<html lang="en">/);
    assert.match(body, /Forgot your Education Cloud password/);
    assert.doesNotMatch(body, /<script|style=/);
    assert.match(r.headers.get('content-security-policy')!, /form-action 'self'/);
  });
});
