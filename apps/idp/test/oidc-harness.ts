import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as client from 'openid-client';
import { CreateAccountUseCase, makeNationalId, UpsertSchoolUseCase } from '#identity-core';
import { CreateClientUseCase, OidcModule, oidcRedisPrefix, type CreateClientCommand } from '#oidc';
import { APP_CONFIG, REDIS, type AppConfig } from '#platform';
import type { Redis } from 'ioredis';
import {
  appEnv,
  identityCoreContext,
  launchBrowser,
  startApp,
  TestRelyingParty,
  type RunningApp,
  type TestContext,
} from '#test-support';

export const STUDENT = {
  username: 'lin.student',
  password: 'a long and lovely passphrase',
  nationalId: makeNationalId('F', '1', '2345678'),
};
export const TEACHER = {
  username: 'wu.teacher',
  password: 'another long passphrase 42',
  nationalId: makeNationalId('B', '2', '8765432'),
};

export interface RegisteredClient {
  id: string;
  secret: string | null;
}

/** One idp process with its database, two accounts, a browser and a relying party server. */
export class OidcHarness {
  ctx!: TestContext;
  idp!: RunningApp;
  browser!: Browser;
  rp!: TestRelyingParty;
  env!: Record<string, string>;

  /** `entry`: an idp test entry point (startApp) instead of the production main.js. */
  /** `imports`: more modules for the test's own context (e.g. a feature's management use cases). */
  async start(envExtra: Record<string, string> = {}, opts: { entry?: string; imports?: never[] } = {}) {
    this.ctx = await identityCoreContext({
      imports: [
        OidcModule.forManagement({
          inject: [APP_CONFIG as never],
          useFactory: (c: AppConfig) => ({ redisPrefix: oidcRedisPrefix(c.redisPrefix) }),
        }) as never,
        ...(opts.imports ?? []),
      ],
    });
    await this.ctx.app
      .get(UpsertSchoolUseCase)
      .execute({ eduid: '074601', name: '臺中市立示範國中', county: '臺中市' });
    const create = this.ctx.app.get(CreateAccountUseCase);
    await create.execute({
      ...STUDENT,
      displayName: '林小華',
      givenName: '小華',
      familyName: '林',
      email: 'lin.student@example.edu.tw',
      emailVerified: true,
      phone: '0912345678',
      phoneVerified: true,
      affiliation: {
        schoolId: '074601',
        titles: ['學生'],
        year: '115',
        semester: '1',
        grade: '3',
        classNo: '05',
        classTitle: '三年五班',
      },
      actor: 'test',
    });
    await create.execute({
      ...TEACHER,
      displayName: '吳老師',
      affiliation: { schoolId: '074601', titles: ['教師', '教務主任'], year: '115', semester: '1' },
      actor: 'test',
    });
    this.rp = await new TestRelyingParty().start();
    this.env = await appEnv(this.ctx.config.databaseUrl, {
      REDIS_PREFIX: this.ctx.config.redisPrefix,
      ...envExtra,
    });
    this.idp = await startApp('idp', this.env, opts);
    this.browser = await launchBrowser();
    return this;
  }

  async stop() {
    await this.browser?.close();
    await this.idp?.stop();
    await this.rp?.stop();
    await this.ctx?.close();
  }

  /** A captcha's answer, read the way a person reads the image: from the server's store (test only). */
  async captchaAnswer(id: string): Promise<string> {
    const stored = await this.ctx.app.get<Redis>(REDIS).get(`captcha:${this.env.REDIS_PREFIX}:${id}`);
    if (!stored) throw new Error(`no captcha ${id}`);
    return (JSON.parse(stored) as { answer: string }).answer;
  }

  async registerClient(over: Partial<CreateClientCommand> = {}): Promise<RegisteredClient> {
    const { client: c, secret } = await this.ctx.app.get(CreateClientUseCase).execute({
      name: 'Test RP',
      redirectUris: [this.rp.callback],
      postLogoutRedirectUris: [`${this.rp.url}/bye`],
      scopes: ['openid', 'profile', 'email', 'phone', 'eduinfo', 'educloudroles', 'guid', 'openid2'],
      actor: 'test',
      ...over,
    });
    return { id: c.clientId, secret };
  }

  /** An openid-client Configuration for a registered client, via discovery. */
  async rpConfig(
    c: RegisteredClient,
    auth?: client.ClientAuth,
    issuer = this.idp.url,
  ): Promise<client.Configuration> {
    return client.discovery(
      new URL(issuer),
      c.id,
      undefined,
      auth ?? (c.secret ? client.ClientSecretBasic(c.secret) : client.None()),
      {
        execute: [client.allowInsecureRequests],
      },
    );
  }

  async authorizationUrl(config: client.Configuration, params: Record<string, string> = {}) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.rp.callback,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...params,
    });
    return { url, verifier, state, nonce };
  }

  /** Fills the login page (and approves consent if asked), returning the URL the browser lands on. */
  async login(
    page: Page,
    account: { username: string; password: string },
    opts: { consent?: 'approve' | 'deny' } = {},
  ) {
    if (await page.locator('#login').count()) {
      await page.fill('#login', account.username);
      await page.fill('#password', account.password);
      const start = page.url();
      await page.click('button[type=submit]');
      // Settle on where the redirect chain ends: the RP, or another page of ours (consent, error).
      await page.waitForURL(
        (u) =>
          u.href !== start &&
          (u.href.startsWith(this.rp.url) || /^\/interaction\/[^/]+(\/login)?$/.test(u.pathname)),
      );
      await page.waitForLoadState('load');
    }
    if (page.url().startsWith(this.rp.url)) return new URL(page.url());
    if (page.url().startsWith(`${this.idp.url}/interaction/`) && (await page.locator('[role=alert]').count()))
      throw new Error(`login refused: ${await page.locator('[role=alert]').innerText()}`);
    if (await page.locator('button[name=decision]').count()) {
      await page.click(`button[name=decision][value=${opts.consent ?? 'approve'}]`);
      await page.waitForURL((u) => u.toString().startsWith(this.rp.url));
    }
    return new URL(page.url());
  }

  /** Browser login through the RP, then the code exchange: the whole authorization code flow. */
  async fullLogin(
    config: client.Configuration,
    context: BrowserContext,
    account = STUDENT,
    params: Record<string, string> = {},
  ) {
    const page = await context.newPage();
    const a = await this.authorizationUrl(config, params);
    await page.goto(a.url.toString());
    const callback = page.url().startsWith(this.rp.url)
      ? new URL(page.url())
      : await this.login(page, account);
    await page.close();
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    return { tokens, callback, ...a };
  }
}

export function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export { client };
