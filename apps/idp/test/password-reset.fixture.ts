import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { CreateAccountUseCase, makeNationalId } from '#identity-core';
import { SmsGatewayStub, SmtpSink, startApp, type ReceivedMail, type RunningApp } from '#test-support';
import { client, OidcHarness, type RegisteredClient } from './oidc-harness.js';

/**
 * Forgot password and forgot username through the idp as people use them: headless Chromium with
 * JavaScript switched off, a real SMTP server and an SMS gateway speaking the worker's wire format
 * (Mitake SmSend), the worker process relaying the outbox, and an openid-client RP whose sessions
 * and refresh tokens must be dead after a reset.
 */

export const OLD = 'the old and long passphrase';
export const NEW = 'a fresh passphrase for 2026';
let seq = 0;

export interface Person {
  username: string;
  password: string;
  nationalId: string;
  email: string;
  phone: string;
  birthDate: string;
}

/** The suite's servers and helpers, with its hooks registered in the calling suite; read `world()` after its first `before`. */
export function passwordResetE2e() {
  const h = new OidcHarness();
  let sink!: SmtpSink;
  let gateway!: SmsGatewayStub;
  let worker!: RunningApp;
  let rp!: RegisteredClient;
  let config!: client.Configuration;
  let config2!: client.Configuration; // a second RP the person also signed in to

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

  return {
    world: () => ({ sink, gateway, worker, rp, config, config2 }),
    h,
    person,
    noScript,
    submit,
    signedIn,
    assertSignedOutEverywhere,
    loginPage,
    mailLink,
    formSession,
    post,
  };
}
