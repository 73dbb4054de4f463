import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import { Provider, type ClientMetadata } from 'oidc-provider';

/** One person at the county, with the claims the county's software sends (education cloud shape). */
export interface CountyPerson {
  name: string;
  email?: string;
  /** Sent under `exchangedata.personid` when given (a county that shares national IDs). */
  nationalId?: string;
  eduinfo?: {
    schoolid: string;
    titles: { schoolid: string; titles: string[] }[];
    classinfo: {
      year: string;
      semester: string;
      schoolid: string;
      grade: string;
      classno: string;
      classtitle: string;
    }[];
  };
}

/**
 * A county's login service (`{county}.sso.edu.tw`) for tests and local development: a real
 * `oidc-provider` with a login page a browser fills in (the username chooses one of `people`),
 * scopes `openid profile email exchangedata`, and UserInfo carrying `name`, `eduinfo` and
 * `exchangedata: { personid }` like the national service's software. Knobs for the error cases:
 * `tamperIdToken` re-signs the ID token with changed claims (other issuer, audience, nonce,
 * expiry) with the county's own key, so only that one check fails; `hangTokenEndpoint` makes the
 * token endpoint accept and never answer (a slow county).
 */
export class CountyOidcStandIn {
  provider!: Provider;
  url = '';
  /** Who may sign in here, by username. */
  people = new Map<string, CountyPerson>();
  tamperIdToken: ((claims: JWTPayload) => JWTPayload) | null = null;
  hangTokenEndpoint = false;
  /**
   * Stop before the relying party: instead of redirecting the browser to the callback, show a page
   * with a link to it and keep it in `lastCallback` (tests tamper with it, or replay it).
   */
  holdCallbacks = false;
  lastCallback: string | undefined;
  private server!: Server;
  private signingKey!: CryptoKey;

  static async start(opts: {
    clients: ClientMetadata[];
    port?: number;
    people?: Record<string, CountyPerson>;
  }): Promise<CountyOidcStandIn> {
    const s = new CountyOidcStandIn();
    for (const [k, v] of Object.entries(opts.people ?? {})) s.people.set(k, v);
    s.server = createServer((req, res) => void s.handle(req, res));
    await new Promise<void>((r) => s.server.listen(opts.port ?? 0, '127.0.0.1', r));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'county-key' };
    s.signingKey = (await importJWK(jwk, 'RS256')) as CryptoKey;
    s.provider = new Provider(s.url, {
      clients: opts.clients,
      jwks: { keys: [jwk] } as never,
      cookies: { keys: ['a county stand-in cookie key, long enough'] },
      findAccount: (_ctx, sub) => {
        const p = s.people.get(sub);
        if (!p) return undefined;
        return {
          accountId: sub,
          claims: () => ({
            sub,
            name: p.name,
            ...(p.email ? { email: p.email, email_verified: true } : {}),
            ...(p.eduinfo ? { eduinfo: { sub, ...p.eduinfo } } : {}),
            ...(p.nationalId ? { exchangedata: { personid: p.nationalId } } : {}),
          }),
        };
      },
      claims: {
        openid: ['sub'],
        profile: ['name'],
        email: ['email', 'email_verified'],
        // What `exchangedata` carries is *unconfirmed*: the name, eduinfo and the national ID here.
        exchangedata: ['name', 'eduinfo', 'exchangedata'],
      },
      scopes: ['openid', 'profile', 'email', 'exchangedata'],
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      ttl: {
        Interaction: 600,
        Grant: 600,
        Session: 600,
        AccessToken: 3600,
        IdToken: 3600,
        AuthorizationCode: 60,
      },
      features: {
        devInteractions: { enabled: false },
        userinfo: { enabled: true },
        resourceIndicators: { enabled: false },
      },
    });
    s.provider.use(async (ctx, next) => {
      await next();
      const location = ctx.response.get('location');
      if (!s.holdCallbacks || ![302, 303].includes(ctx.status) || !location.includes('code=')) return;
      s.lastCallback = location;
      ctx.remove('location');
      ctx.status = 200;
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="zh-TW"><head><meta charset="utf-8"><title>返回</title></head>
<body><a id="continue" href="${location.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">返回教育雲端</a></body></html>`;
    });
    // The ID token as a misbehaving county would issue it, still signed with the county's key.
    s.provider.use(async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: string } | undefined;
      if (ctx.path !== '/token' || !s.tamperIdToken || !body?.id_token) return;
      const claims = s.tamperIdToken(decodeJwt(body.id_token));
      body.id_token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'county-key' })
        .sign(s.signingKey);
    });
    return s;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    try {
      if (req.method === 'POST' && req.url === '/token' && this.hangTokenEndpoint) return; // never answers
      if (!req.url?.startsWith('/interaction/')) return this.provider.callback()(req, res);
      const details = await this.provider.interactionDetails(req, res);
      if (req.method === 'GET') return this.loginPage(res, details.uid, '');
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const username = new URLSearchParams(raw).get('username') ?? '';
      if (!this.people.has(username)) return this.loginPage(res, details.uid, '帳號或密碼錯誤');
      const grant = new this.provider.Grant({
        accountId: username,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope));
      grant.addOIDCClaims(['name', 'eduinfo', 'exchangedata']);
      const grantId = await grant.save();
      await this.provider.interactionFinished(
        req,
        res,
        { login: { accountId: username }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    }
  }

  private loginPage(res: ServerResponse, uid: string, error: string) {
    res.writeHead(error ? 401 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="zh-TW"><head><meta charset="utf-8"><title>縣市教育局 單一簽入</title></head>
<body><h1>縣市教育局 單一簽入（測試用）</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}">
<label for="username">帳號</label><input id="username" name="username" autocomplete="username">
<label for="password">密碼</label><input id="password" name="password" type="password">
<button type="submit">登入</button></form></body></html>`);
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
