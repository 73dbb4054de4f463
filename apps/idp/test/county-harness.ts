import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AddCountyUseCase, CountyFederationModule, type AddCountyCommand } from '#county-federation';
import { makeNationalId, UpsertSchoolUseCase } from '#identity-core';
import { APP_CONFIG, type AppConfig } from '#platform';
import { CountyOAuth2StandIn, CountyOidcStandIn, freePort, type CountyPerson } from '#test-support';
import { client, OidcHarness, STUDENT, TEACHER, type RegisteredClient } from './oidc-harness.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const COUNTY_LINK = '使用縣市帳號登入';
const SECRET = 'a county client secret 0123456789';

/** The county's view of people; the harness's accounts are STUDENT (臺中市) and TEACHER. */
export const TC_STUDENT: CountyPerson = {
  name: '林小華',
  eduinfo: {
    schoolid: '074601',
    titles: [{ schoolid: '074601', titles: ['學生'] }],
    classinfo: [
      { year: '115', semester: '1', schoolid: '074601', grade: '3', classno: '07', classtitle: '三年七班' },
    ],
  },
};
export const KH_TEACHER: CountyPerson = {
  name: '吳老師',
  nationalId: TEACHER.nationalId,
  eduinfo: { schoolid: '124601', titles: [{ schoolid: '124601', titles: ['教師'] }], classinfo: [] },
};
export const KH_NEWCOMER: CountyPerson = {
  name: '陳新生',
  nationalId: makeNationalId('E', '1', '2223334'),
  eduinfo: {
    schoolid: '124601',
    titles: [{ schoolid: '124601', titles: ['學生'] }],
    classinfo: [
      { year: '115', semester: '1', schoolid: '124601', grade: '1', classno: '02', classtitle: '一年二班' },
    ],
  },
};

/**
 * The idp with five counties added through the CLI: 臺中市 (OpenID Connect, not trusted for
 * national IDs), 高雄市 (OpenID Connect, client_secret_post, trusted, provisions), 臺北市
 * (OAuth2 + profile APIs, a claims mapping file), 新竹縣 (down: nothing listens) and 苗栗縣
 * (slow: accepts, never answers), plus 屏東縣 disabled.
 */
export class CountyHarness {
  readonly h = new OidcHarness();
  tc!: CountyOidcStandIn;
  kh!: CountyOidcStandIn;
  tp!: CountyOAuth2StandIn;
  rp!: RegisteredClient;
  config!: client.Configuration;
  private silent!: Server;
  private readonly sockets = new Set<Socket>();
  private dir!: string;

  async start() {
    await this.h.start(
      {},
      {
        imports: [
          CountyFederationModule.forManagement({
            inject: [APP_CONFIG as never],
            useFactory: (c: AppConfig) => ({
              redirectUri: `${c.issuer}/cncreturnpage`,
              redisPrefix: c.redisPrefix,
              allowInsecureHttp: true,
            }),
          }) as never,
        ],
      },
    );
    const callback = `${this.h.idp.url}/cncreturnpage`;
    const schools = this.h.ctx.app.get(UpsertSchoolUseCase);
    await schools.execute({ eduid: '124601', name: '高雄市立示範國中', county: '高雄市' });
    await schools.execute({ eduid: '353601', name: '臺北市立示範國小', county: '臺北市' });
    this.tc = await CountyOidcStandIn.start({
      clients: [{ client_id: 'edu-sso-tc', client_secret: SECRET, redirect_uris: [callback] }],
      people: { 'tc-ming': TC_STUDENT },
    });
    this.kh = await CountyOidcStandIn.start({
      clients: [
        {
          client_id: 'edu-sso-kh',
          client_secret: SECRET,
          redirect_uris: [callback],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      people: { 'kh-wu': KH_TEACHER, 'kh-new': KH_NEWCOMER },
    });
    this.tp = await CountyOAuth2StandIn.start({
      people: {
        'tp-ming': {
          uuid: 'tp-0001',
          name: '林小華',
          school: { id: '353601', role: 'student', grade: '5', classno: '03', classtitle: '五年三班' },
        },
      },
    });
    // Accepts, never answers (a slow county).
    this.silent = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((r) => this.silent.listen(0, '127.0.0.1', r));
    const slowUrl = `http://127.0.0.1:${(this.silent.address() as { port: number }).port}`;
    this.dir = mkdtempSync(join(tmpdir(), 'county-'));
    const mapping = join(this.dir, 'tp-claims.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        name: 'name',
        nationalId: 'idno',
        schoolId: 'school.id',
        titles: 'school.role',
        grade: 'school.grade',
        classNo: 'school.classno',
        classTitle: 'school.classtitle',
        titleValues: { student: '學生', teacher: '教師' },
      }),
    );
    // Two through the CLI as operators add them (its own process), the others directly.
    await this.cliOk(
      'counties:add',
      '--id',
      'tc',
      '--name',
      '台中市',
      '--issuer',
      this.tc.url,
      '--client-id',
      'edu-sso-tc',
      '--client-secret',
      SECRET,
      '--json',
    );
    const tp = this.tp.endpoints;
    await this.cliOk(
      'counties:add',
      '--id',
      'tp',
      '--name',
      '臺北市',
      '--kind',
      'oauth2',
      '--client-id',
      this.tp.clientId,
      '--client-secret',
      this.tp.clientSecret,
      '--authorization-endpoint',
      tp.authorization,
      '--token-endpoint',
      tp.token,
      ...tp.profile.flatMap((p) => ['--userinfo-endpoint', p]),
      '--subject-claim',
      'uuid',
      '--scopes',
      'me profile idno',
      '--claims',
      mapping,
      '--json',
    );
    const add = (id: string, name: string, issuer: string, more: Partial<AddCountyCommand> = {}) =>
      this.h.ctx.app.get(AddCountyUseCase).execute({
        id,
        name,
        issuer,
        clientId: `edu-sso-${id}`,
        clientSecret: SECRET,
        actor: 'test',
        ...more,
      });
    await add('kh', '高雄市', this.kh.url, {
      authMethod: 'client_secret_post',
      trustNationalId: true,
      provision: true,
    });
    await add('hcc', '新竹縣', `http://127.0.0.1:${await freePort()}`);
    await add('mlc', '苗栗縣', slowUrl);
    await add('ptc', '屏東縣', this.tc.url, { enabled: false });
    this.rp = await this.h.registerClient({ name: '甲系統', firstParty: true });
    this.config = await this.h.rpConfig(this.rp);
    return this;
  }

  async stop() {
    await this.h.stop();
    await Promise.all([this.tc?.stop(), this.kh?.stop(), this.tp?.stop()]);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((r) => (this.silent ? this.silent.close(() => r()) : r()));
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** The CLI as operators run it (its own process, the idp's database). */
  cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    return new Promise((resolve) =>
      execFile(
        process.execPath,
        [`${ROOT}dist/apps/cli/src/main.js`, ...args],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...this.h.env },
          timeout: 60_000,
        },
        (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
      ),
    );
  }

  async cliOk(...args: string[]): Promise<string> {
    const r = await this.cli(...args);
    if (r.code !== 0) throw new Error(`${args[0]} failed (${r.code}): ${r.out}${r.err}`);
    return r.out;
  }

  async linkCount(county?: string): Promise<number> {
    const rows: { n: string }[] = await this.h.ctx.app
      .get(DataSource)
      .query(
        `SELECT COUNT(*) AS n FROM county_links${county ? ' WHERE provider_id = ?' : ''}`,
        county ? [county] : [],
      );
    return Number(rows[0]!.n);
  }

  /** Opens the RP's login at the idp and goes to the county list. */
  async openCountyList(context: BrowserContext, params: Record<string, string> = {}) {
    const page = await context.newPage();
    const a = await this.h.authorizationUrl(this.config, {
      ui_locales: 'zh-TW',
      scope: 'openid profile eduinfo',
      claims: JSON.stringify({ id_token: { amr: null } }),
      ...params,
    });
    await page.goto(a.url.toString());
    await page.getByRole('button', { name: COUNTY_LINK }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/method/county/choose'));
    return { page, a };
  }

  /** Chooses the county and signs in there as `username`; returns when the browser is back with us or the RP. */
  async signInAtCounty(page: Page, countyName: string, username: string) {
    const navigated = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
    await page.getByRole('button', { name: countyName, exact: true }).click();
    await navigated;
    await page.waitForLoadState('load');
    if (!page.url().startsWith(this.h.idp.url)) {
      await page.fill('#username', username);
      await page.click('button[type=submit]');
      await page.waitForURL((u) => u.href.startsWith(this.h.idp.url) || u.href.startsWith(this.h.rp.url));
      await page.waitForLoadState('load');
    }
  }

  /** The RP's code exchange after the browser landed on its callback. */
  async tokens(page: Page, a: { verifier: string; state: string; nonce: string }) {
    await page.waitForURL((u) => u.href.startsWith(this.h.rp.url));
    return client.authorizationCodeGrant(this.config, new URL(page.url()), {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
  }

  async eduinfo(accessToken: string) {
    const res = await fetch(`${this.h.idp.url}/moeresource/api/v1/oidc/eduinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return (await res.json()) as {
      schoolid: string;
      titles: { schoolid: string; titles: string[] }[];
      classinfo: { schoolid: string; grade: string; classno: string; classtitle: string }[];
    };
  }
}

export { client, STUDENT, TEACHER };
