import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freePort, startApp } from '#test-support';
import { client, OidcHarness, STUDENT, type RegisteredClient } from './oidc-harness.js';

const cookieHeader = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('requests an attacker sends first', () => {
  const h = new OidcHarness();
  let rp: RegisteredClient;
  let config: client.Configuration;

  before(async () => {
    // Request lines are logged at info: the log itself is under test.
    await h.start({ LOG_LEVEL: 'info' });
    rp = await h.registerClient({ name: '校務系統', firstParty: true });
    config = await h.rpConfig(rp);
  });
  after(() => h.stop());

  /** A login page of a fresh sign-in request, with its cookies, as a script would hold it. */
  async function loginForm() {
    const a = await h.authorizationUrl(config);
    const res = await fetch(a.url, { redirect: 'manual' });
    return { action: `${h.idp.url}${res.headers.get('location')}/login`, cookie: cookieHeader(res) };
  }

  it('refuses text/plain and multipart login posts with 415 and a page, never a 500', async () => {
    const { action, cookie } = await loginForm();
    const multipart = new FormData();
    multipart.set('login', STUDENT.username);
    multipart.set('password', STUDENT.password);
    for (const [body, type] of [
      [`login=${STUDENT.username}&password=x`, 'text/plain'],
      [multipart, undefined],
    ] as const) {
      const res = await fetch(action, {
        method: 'POST',
        headers: { cookie, ...(type ? { 'content-type': type } : {}) },
        body,
      });
      assert.equal(res.status, 415, String(type ?? 'multipart'));
      assert.match(res.headers.get('content-type')!, /text\/html/);
      const page = await res.text();
      assert.match(page, /unsupported_media_type/);
      assert.match(page, /表單的格式不受支援/);
    }
    // No body at all: the form's own "required" answer.
    const empty = await fetch(action, { method: 'POST', headers: { cookie } });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /請輸入/);
    // The same for the other forms of the idp.
    const forgot = await fetch(`${h.idp.url}/forgot`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'identifier=x',
    });
    assert.equal(forgot.status, 415);
    assert.doesNotMatch(h.idp.output(), /unhandled|"statusCode":500/);
  });

  it('refuses a form whose CSRF field does not match its (valid) cookie', async () => {
    const session = async () => {
      const res = await fetch(`${h.idp.url}/forgot`);
      return { cookie: cookieHeader(res), csrf: /name="csrf" value="([^"]+)"/.exec(await res.text())![1]! };
    };
    const [mine, theirs] = [await session(), await session()];
    assert.notEqual(mine.csrf, theirs.csrf);
    const post = (cookie: string, csrf: string) =>
      fetch(`${h.idp.url}/forgot`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, identifier: 'lin.student' }),
      });
    for (const wrong of [theirs.csrf, 'A'.repeat(43), `${mine.csrf}x`, mine.cookie.split('=')[1]!]) {
      const res = await post(mine.cookie, wrong);
      assert.equal(res.status, 403, wrong);
      assert.match(await res.text(), /此表單已失效/);
    }
    assert.equal((await post(mine.cookie, mine.csrf)).status, 200, 'the matching pair passes');
  });

  it('refuses a cross-site post of the login form: its cookie stays behind (SameSite=Lax)', async () => {
    const context = await h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    const a = await h.authorizationUrl(config);
    await page.goto(a.url.toString());
    const action = `${page.url()}/login`;
    const attacker = await context.newPage();
    await attacker.route('http://attacker.example/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="${action}"><input name="login" value="${STUDENT.username}"><input name="password" value="${STUDENT.password}"></form><script>document.forms[0].submit()</script>`,
      }),
    );
    const [res] = await Promise.all([
      attacker.waitForResponse((r) => r.url() === action),
      attacker.goto('http://attacker.example/'),
    ]);
    assert.equal(res.status(), 400);
    assert.match(await res.text(), /登入請求已失效/);
    // The same form, sent from the login page itself, signs in.
    const cb = await h.login(page, STUDENT);
    assert.ok(cb.searchParams.get('code'));
    await context.close();
  });

  it('keeps an idle keep-alive connection longer than the proxies in front do (65 s, not 5 s)', async () => {
    // What Node announces is what it does: it closes the idle connection after that many seconds.
    const res = await fetch(`${h.idp.url}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('keep-alive'), 'timeout=65');
  });

  it('keeps query strings (codes, login hints) out of the request log', async () => {
    const hint = `hint-${randomBytes(6).toString('hex')}`;
    const code = `code-${randomBytes(6).toString('hex')}`;
    const a = await h.authorizationUrl(config, { login_hint: hint });
    await fetch(a.url, { redirect: 'manual' }); // the protocol front door
    await fetch(`${h.idp.url}/forgot?login_hint=${hint}&code=${code}`); // Express
    await fetch(`${h.idp.url}/oidc/v1/userinfo?access_token=${code}`);
    await new Promise((r) => setTimeout(r, 200));
    const lines = h.idp
      .output()
      .split('\n')
      .filter((l) => l.includes('"request completed"'));
    for (const path of ['/oidc/v1/azp', '/forgot', '/oidc/v1/userinfo'])
      assert.ok(
        lines.some((l) => l.includes(`"path":"${path}"`)),
        `a request line for ${path}`,
      );
    assert.doesNotMatch(h.idp.output(), new RegExp(`${hint}|${code}`));
  });

  it('exits with one clear line when PII_KEYS cannot decrypt the stored signing keys', async () => {
    const other = Buffer.alloc(32, 7).toString('base64');
    // A key id the data never used, and the right id with other key material.
    for (const [piiKeys, reason] of [
      [`k2:${other}`, /PII_KEYS lacks the key "dev1"/],
      [`dev1:${other}`, /the PII_KEYS key "dev1" does not decrypt/],
    ] as const) {
      const port = await freePort();
      const failed = await startApp('idp', {
        ...h.env,
        PII_KEYS: piiKeys,
        IDP_PORT: String(port),
        ISSUER: `http://127.0.0.1:${port}`,
      }).then(
        async (app) => {
          await app.stop();
          return null;
        },
        (e: Error) => e.message,
      );
      assert.ok(failed, 'the idp must not start');
      assert.match(failed, /exited with 1/);
      const problem = failed.split('\n').filter((l) => l.startsWith('idp: cannot start:'));
      assert.equal(problem.length, 1, failed);
      assert.match(problem[0]!, /signing key/);
      assert.match(problem[0]!, reason);
      assert.doesNotMatch(failed, /^\s+at /m, 'no stack trace');
      assert.ok(!failed.includes(other), 'no key material');
    }
  });
});
