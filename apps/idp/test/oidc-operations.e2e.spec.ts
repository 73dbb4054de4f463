import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { Redis } from 'ioredis';
import { SigningKeysService } from '#oidc';
import { pngChunks, startApp, type RunningApp } from '#test-support';
import { client, OidcHarness, STUDENT, TEACHER, type RegisteredClient } from './oidc-harness.js';

describe('OpenID Connect provider, operations', () => {
  const h = new OidcHarness();
  let rp: RegisteredClient;
  let config: client.Configuration;
  let second: RunningApp;

  before(async () => {
    await h.start();
    rp = await h.registerClient({ name: '校務系統', firstParty: true });
    config = await h.rpConfig(rp);
    // A second idp process on another port, sharing MySQL and Redis.
    const port = String(Number(h.env.IDP_PORT) + 1);
    second = await startApp('idp', {
      ...h.env,
      IDP_PORT: port,
      ADMIN_PORT: String(Number(h.env.ADMIN_PORT) + 1),
    });
  });
  after(async () => {
    await second?.stop();
    await h.stop();
  });

  it('finishes on one process a login started on another; both publish the same keys', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const a = await h.authorizationUrl(config);
    await page.goto(a.url.toString());
    const interaction = new URL(page.url());
    assert.match(interaction.pathname, /^\/interaction\//);
    // Same cookies (they ignore ports), other process: what a load balancer does between requests.
    await page.goto(`${second.url}${interaction.pathname}`);
    assert.equal(await page.inputValue('#login'), '');
    const cb = await h.login(page, STUDENT);
    const tokens = await client.authorizationCodeGrant(config, cb, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    assert.ok(tokens.access_token);
    const [j1, j2] = await Promise.all(
      [h.idp.url, second.url].map(async (u) => (await fetch(`${u}/oidc/v1/jwksets`)).json()),
    );
    assert.deepEqual(j1, j2);
    await context.close();
  });

  it('keeps offline_access grants and refresh tokens when Redis loses everything', async () => {
    const context = await h.browser.newContext();
    const online = await h.fullLogin(config, context, TEACHER);
    const r = await h.fullLogin(config, context, TEACHER, {
      scope: 'openid profile offline_access',
      prompt: 'consent',
    });
    const redis = new Redis(h.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${h.env.REDIS_PREFIX}:*`);
    assert.ok(keys.length > 0);
    await redis.del(...keys); // what a Redis restart without persistence does to this deployment
    await redis.quit();
    assert.equal(
      (await client.tokenIntrospection(config, r.tokens.access_token)).active,
      false,
      'access tokens lived in Redis',
    );
    const refreshed = await client.refreshTokenGrant(config, r.tokens.refresh_token!);
    assert.ok(refreshed.access_token, 'the refresh token lived in MySQL');
    // Without offline_access a refresh token belongs to the browser session, which lived in Redis.
    await assert.rejects(client.refreshTokenGrant(config, online.tokens.refresh_token!), {
      error: 'invalid_grant',
    });
    await context.close();
  });

  it('rotates keys: the next key is published before it signs, the old one stays for verification', async () => {
    const jwksBefore = (await (await fetch(`${h.idp.url}/oidc/v1/jwksets`)).json()) as {
      keys: { kid: string }[];
    };
    const keys = h.ctx.app.get(SigningKeysService);
    const context = await h.browser.newContext();
    const before = await h.fullLogin(config, context, STUDENT);
    const oldKid = decodeProtectedHeader(before.tokens.id_token!).kid!;
    const rotated = await keys.rotate('test');
    assert.equal(rotated.retired, oldKid);
    assert.ok(
      jwksBefore.keys.some((k) => k.kid === rotated.active),
      'the new signing key was published before rotation',
    );
    // Processes poll for rotated keys; restart one to pick them up now instead of waiting a minute.
    await h.idp.stop();
    h.idp = await startApp('idp', h.env);
    const after = await h.fullLogin(config, context, STUDENT, { prompt: 'login' });
    assert.equal(decodeProtectedHeader(after.tokens.id_token!).kid, rotated.active);
    const jwks = createRemoteJWKSet(new URL(`${h.idp.url}/oidc/v1/jwksets`));
    await jwtVerify(before.tokens.id_token!, jwks, {
      issuer: h.idp.url,
      audience: rp.id,
      currentDate: new Date(),
    });
    const published = (await (await fetch(`${h.idp.url}/oidc/v1/jwksets`)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    assert.ok(
      published.keys.some((k) => k.kid === rotated.next),
      'the following key is already published',
    );
    assert.ok(
      published.keys.every((k) => k.d === undefined),
      'no private parts in JWKS',
    );
    await context.close();
  });

  it('authenticates a client with private_key_jwt', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    h.rp.jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'rp-key-1', alg: 'RS256', use: 'sig' }] };
    const jwtClient = await h.registerClient({
      name: 'JWT 認證系統',
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwksUri: `${h.rp.url}/jwks`,
      firstParty: true,
    });
    const cfg = await h.rpConfig(jwtClient, client.PrivateKeyJwt({ key: privateKey, kid: 'rp-key-1' }));
    const context = await h.browser.newContext();
    const r = await h.fullLogin(cfg, context, STUDENT);
    assert.ok(r.tokens.id_token);
    await context.close();
  });

  it('honours prompt=login, login_hint and the claims parameter', async () => {
    const context = await h.browser.newContext();
    await h.fullLogin(config, context, STUDENT);
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, {
      prompt: 'login',
      login_hint: 'wu.teacher',
      claims: JSON.stringify({ id_token: { email: null, preferred_username: null } }),
    });
    await page.goto(a.url.toString());
    assert.match(
      new URL(page.url()).pathname,
      /^\/interaction\//,
      'prompt=login shows the login page despite SSO',
    );
    assert.equal(await page.inputValue('#login'), 'wu.teacher');
    const cb = await h.login(page, TEACHER);
    const tokens = await client.authorizationCodeGrant(config, cb, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    assert.equal(tokens.claims()!.preferred_username, 'wu.teacher', 'requested claim in the ID token');
    await context.close();
  });

  it('sends strict security headers on pages and keeps session cookies HttpOnly', async () => {
    const a = await h.authorizationUrl(config);
    const res = await fetch(a.url, { redirect: 'manual' });
    const interaction = res.headers.get('location')!;
    const cookies = res.headers.getSetCookie();
    assert.ok(cookies.length > 0 && cookies.every((c) => /httponly/i.test(c) && /samesite=lax/i.test(c)));
    const page = await fetch(new URL(interaction, h.idp.url), {
      headers: { cookie: cookies.map((c) => c.split(';')[0]).join('; ') },
    });
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    // Forms may end their redirect chain at the issuer (another process) and the RP, nowhere else.
    assert.ok(csp.includes(`form-action 'self' ${h.idp.url} ${h.rp.url}`), csp);
    assert.equal(page.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const body = await page.text();
    assert.ok(!/<script/i.test(body) && !/ style=/i.test(body));
  });
});

describe('captcha on the login page', () => {
  const h = new OidcHarness();
  before(() => h.start({ CAPTCHA_ENABLED: 'true' }));
  after(() => h.stop());

  /** Read the answer the way a person reads the image: from the server's store (test only). */
  async function answerOf(id: string): Promise<string> {
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      return (JSON.parse((await redis.get(`captcha:${h.env.REDIS_PREFIX}:${id}`))!) as { answer: string })
        .answer;
    } finally {
      await redis.quit();
    }
  }

  it('serves a PNG that does not carry its answer, never cached, and a new one on 換下一個', async () => {
    const rp = await h.registerClient({ firstParty: true });
    const context = await h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto((await h.authorizationUrl(await h.rpConfig(rp))).url.toString());
    const src = (await page.getAttribute('img.captcha__image', 'src'))!;
    const id = await page.inputValue('input[name=captcha_id]');
    assert.equal(src, `/captcha/${id}.png`);
    const answer = await answerOf(id);

    const image = await page.request.get(new URL(src, h.idp.url).toString());
    assert.equal(image.status(), 200);
    assert.equal(image.headers()['content-type'], 'image/png');
    assert.equal(image.headers()['cache-control'], 'no-store');
    const png = await image.body();
    assert.deepEqual(pngChunks(png).ihdr, { width: 200, height: 70 });
    assert.ok(png.length > 2_000 && png.length < 64_000, `${png.length} bytes`);
    for (const variant of [answer, answer.toUpperCase()]) {
      assert.equal(png.indexOf(Buffer.from(variant)), -1, 'not in the bytes');
      assert.ok(!JSON.stringify(image.headers()).toLowerCase().includes(answer), 'not in the headers');
      assert.ok(!(await page.content()).toLowerCase().includes(answer), 'not in the page (alt text…)');
    }
    assert.equal((await page.request.get(new URL(`/captcha/${id}.svg`, h.idp.url).toString())).status(), 404);

    // 換下一個 posts the form: the account typed comes back, the password is not sent back (the page says so).
    await page.fill('#login', 'kept.student');
    await page.fill('#password', 'typed secret');
    await page.click('button.captcha__refresh');
    assert.equal(await page.inputValue('#login'), 'kept.student');
    assert.equal(await page.inputValue('#password'), '');
    assert.match(
      await page.locator('.notice[role=status]').innerText(),
      /已換一組新的驗證碼.*請重新輸入密碼/,
    );
    assert.ok(!(await page.content()).includes('typed secret'));
    const next = await page.inputValue('input[name=captcha_id]');
    assert.notEqual(next, id, 'a new captcha');
    assert.equal(await page.getAttribute('img.captcha__image', 'src'), `/captcha/${next}.png`);
    const nextPng = await (
      await page.request.get(new URL(`/captcha/${next}.png`, h.idp.url).toString())
    ).body();
    assert.notDeepEqual(nextPng, png);
    await context.close();
  });

  it('speaks the same captcha as a WAV the browser plays, in the page’s language', async () => {
    const rp = await h.registerClient({ firstParty: true });
    const context = await h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto((await h.authorizationUrl(await h.rpConfig(rp))).url.toString());
    const id = await page.inputValue('input[name=captcha_id]');
    const href = (await page.getAttribute('a.captcha__audio', 'href'))!;
    assert.equal(href, `/captcha/${id}.wav?ui_locales=zh-TW`);
    const zh = await page.request.get(new URL(href, h.idp.url).toString());
    assert.equal(zh.status(), 200);
    assert.equal(zh.headers()['content-type'], 'audio/wav');
    assert.equal(zh.headers()['cache-control'], 'no-store');
    const wav = await zh.body();
    assert.equal(wav.subarray(0, 4).toString(), 'RIFF');
    assert.equal(wav.subarray(8, 12).toString(), 'WAVE');
    const seconds = (wav.length - 44) / (wav.readUInt32LE(24) * 2);
    assert.ok(seconds > 2 && seconds < 15, `${seconds} s`);
    // The same captcha always sounds the same (no averaging away the noise); English is another voice.
    assert.deepEqual(await (await page.request.get(new URL(href, h.idp.url).toString())).body(), wav);
    const en = await (
      await page.request.get(new URL(`/captcha/${id}.wav?ui_locales=en`, h.idp.url).toString())
    ).body();
    assert.notDeepEqual(en, wav);
    // Chromium decodes and plays it from the page's own player.
    interface Player {
      duration: number;
      error: { message: string } | null;
      load(): void;
      addEventListener(type: string, listener: () => void, opts: { once: boolean }): void;
    }
    const duration = await page.locator('audio.captcha__player').evaluate(async (element) => {
      const audio = element as unknown as Player;
      await new Promise<void>((resolve, reject) => {
        audio.addEventListener('loadedmetadata', resolve, { once: true });
        audio.addEventListener('error', () => reject(new Error(String(audio.error?.message))), {
          once: true,
        });
        audio.load();
      });
      return audio.duration;
    });
    assert.ok(Math.abs(duration - seconds) < 0.1, `plays ${duration} s`);
    // An unknown or used captcha has no sound either.
    assert.equal(
      (await page.request.get(new URL('/captcha/AAAAAAAAAAAAAAAAAAAAAA.wav', h.idp.url).toString())).status(),
      404,
    );
    await context.close();
  });

  it('asks for the captcha when it was left empty, and tells a wrong one apart', async () => {
    const rp = await h.registerClient({ firstParty: true });
    const context = await h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto((await h.authorizationUrl(await h.rpConfig(rp))).url.toString());
    await page.fill('#login', STUDENT.username);
    await page.fill('#password', STUDENT.password);
    await page.press('#password', 'Enter'); // Enter signs in (it does not press 換下一個)
    await page.waitForLoadState('load');
    assert.match(await page.locator('[role=alert]').innerText(), /請輸入驗證碼/);
    assert.doesNotMatch(await page.locator('[role=alert]').innerText(), /驗證碼錯誤/);
    await context.close();
  });

  it('refuses a wrong answer, offers a new image, and accepts the right one', async () => {
    const rp = await h.registerClient({ firstParty: true });
    const config = await h.rpConfig(rp);
    const context = await h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    const a = await h.authorizationUrl(config);
    await page.goto(a.url.toString());
    const first = await page.inputValue('input[name=captcha_id]');
    await page.fill('#login', STUDENT.username);
    await page.fill('#password', STUDENT.password);
    await page.fill('#captcha', 'wrong');
    await page.click('button[type=submit]');
    assert.match(await page.locator('[role=alert]').innerText(), /驗證碼錯誤/);
    // One attempt per image: the wrong guess used it up, its picture is gone too.
    const gone = await page.request.get(new URL(`/captcha/${first}.png`, h.idp.url).toString());
    assert.equal(gone.status(), 404);
    const id = await page.inputValue('input[name=captcha_id]');
    assert.notEqual(id, first);
    const answer = await answerOf(id);
    await page.fill('#password', STUDENT.password);
    await page.fill('#captcha', answer.toUpperCase());
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.toString().startsWith(h.rp.url));
    await context.close();
  });
});
