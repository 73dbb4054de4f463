import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One person at the Taipei-style server, as its profile APIs describe them. */
export interface OAuth2Person {
  uuid: string;
  name: string;
  idno?: string;
  /** `/api/v2/profile`: school code, role, class. */
  school?: { id: string; role: string; grade?: string; classno?: string; classtitle?: string };
}

/**
 * Taipei's kind of county login for tests and local development: a plain OAuth 2.0 server
 * (Laravel Passport style) with a login page a browser fills in, single-use codes bound to the
 * redirect URI and PKCE, and profile APIs `/api/v2/me`, `/api/v2/profile`, `/api/v2/idno`
 * answering to its Bearer tokens. No discovery, no ID token.
 */
export class CountyOAuth2StandIn {
  url = '';
  clientId = 'tp-client';
  clientSecret = 'tp-secret-0123456789abcdef';
  people = new Map<string, OAuth2Person>();
  private server!: Server;
  private readonly requests = new Map<string, URLSearchParams>();
  private readonly codes = new Map<string, { challenge: string; redirectUri: string; user: string }>();
  private readonly tokens = new Map<string, string>();

  static async start(opts: { port?: number; people?: Record<string, OAuth2Person> } = {}) {
    const s = new CountyOAuth2StandIn();
    for (const [k, v] of Object.entries(opts.people ?? {})) s.people.set(k, v);
    s.server = createServer((req, res) => void s.handle(req, res));
    await new Promise<void>((r) => s.server.listen(opts.port ?? 0, '127.0.0.1', r));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  get endpoints() {
    return {
      authorization: `${this.url}/oauth/authorize`,
      token: `${this.url}/oauth/token`,
      profile: [`${this.url}/api/v2/me`, `${this.url}/api/v2/profile`, `${this.url}/api/v2/idno`],
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, this.url);
    const json = (status: number, body: object) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const body = async () => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      return new URLSearchParams(raw);
    };
    if (url.pathname === '/oauth/authorize' && req.method === 'GET') {
      const p = url.searchParams;
      if (
        p.get('client_id') !== this.clientId ||
        p.get('response_type') !== 'code' ||
        p.get('code_challenge_method') !== 'S256'
      )
        return json(400, { error: 'invalid_request' });
      const id = randomBytes(8).toString('hex');
      this.requests.set(id, p);
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="zh-TW"><head><meta charset="utf-8"><title>臺北市校園單一身分驗證</title></head>
<body><h1>臺北市校園單一身分驗證（測試用）</h1><form method="post" action="/oauth/authorize?request=${id}">
<label for="username">帳號</label><input id="username" name="username">
<label for="password">密碼</label><input id="password" name="password" type="password">
<button type="submit">登入</button></form></body></html>`);
    }
    if (url.pathname === '/oauth/authorize' && req.method === 'POST') {
      const p = this.requests.get(url.searchParams.get('request') ?? '');
      const user = (await body()).get('username') ?? '';
      if (!p || !this.people.has(user)) return json(400, { error: 'access_denied' });
      this.requests.delete(url.searchParams.get('request')!);
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, {
        challenge: p.get('code_challenge')!,
        redirectUri: p.get('redirect_uri')!,
        user,
      });
      const back = new URL(p.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state')!);
      return res.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === '/oauth/token' && req.method === 'POST') {
      const b = await body();
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = basic
        ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent)
        : [b.get('client_id'), b.get('client_secret')];
      if (id !== this.clientId || secret !== this.clientSecret) return json(401, { error: 'invalid_client' });
      const issued = this.codes.get(b.get('code') ?? '');
      this.codes.delete(b.get('code') ?? ''); // single use, even when the rest is wrong
      const verifier = b.get('code_verifier') ?? '';
      if (
        b.get('grant_type') !== 'authorization_code' ||
        !issued ||
        issued.redirectUri !== b.get('redirect_uri') ||
        createHash('sha256').update(verifier).digest('base64url') !== issued.challenge
      )
        return json(400, { error: 'invalid_grant' });
      const token = randomBytes(16).toString('hex');
      this.tokens.set(token, issued.user);
      return json(200, { token_type: 'Bearer', expires_in: 3600, access_token: token });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const person = this.people.get(this.tokens.get(bearer) ?? '');
    if (url.pathname.startsWith('/api/v2/') && !person)
      return res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    if (url.pathname === '/api/v2/me') return json(200, { uuid: person!.uuid, name: person!.name });
    if (url.pathname === '/api/v2/profile') return json(200, { school: person!.school ?? null });
    if (url.pathname === '/api/v2/idno') return json(200, person!.idno ? { idno: person!.idno } : {});
    json(404, { error: 'not_found' });
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
