import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain OAuth 2.0 server with profile APIs, in Taipei's shape (Laravel Passport): `/oauth/authorize`
 * approves at once, `/oauth/token` checks the client the configured way only, single-use codes, the
 * redirect URI and PKCE; `/api/v2/me` and `/api/v2/email` answer to its Bearer tokens.
 */
export class TestOAuth2Server {
  url = '';
  readonly clientId = 'tp-client';
  readonly clientSecret = 'tp-secret-0123456789';
  /** The one client authentication method the token endpoint accepts. */
  authMethod: 'client_secret_basic' | 'client_secret_post' = 'client_secret_basic';
  /** What `/api/v2/me` returns; tests take fields away. */
  me: Record<string, unknown> = { uuid: 'tp-0001', name: '王小明', role: 'student' };
  private server!: Server;
  private readonly codes = new Map<string, { challenge: string; redirectUri: string }>();
  private readonly tokens = new Set<string>();

  static async start(): Promise<TestOAuth2Server> {
    const s = new TestOAuth2Server();
    s.server = createServer((req, res) => void s.handle(req, res));
    await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, this.url);
    const json = (status: number, body: object) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/oauth/authorize') {
      const p = url.searchParams;
      if (
        p.get('client_id') !== this.clientId ||
        p.get('response_type') !== 'code' ||
        p.get('code_challenge_method') !== 'S256'
      )
        return json(400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, { challenge: p.get('code_challenge')!, redirectUri: p.get('redirect_uri')! });
      const back = new URL(p.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state')!);
      return res.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === '/oauth/token' && req.method === 'POST') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const body = new URLSearchParams(raw);
      if (!this.clientAuthenticated(req, body)) return json(401, { error: 'invalid_client' });
      const code = body.get('code') ?? '';
      const issued = this.codes.get(code);
      this.codes.delete(code); // single use, even when the rest is wrong
      const verifier = body.get('code_verifier') ?? '';
      if (
        body.get('grant_type') !== 'authorization_code' ||
        !issued ||
        issued.redirectUri !== body.get('redirect_uri') ||
        createHash('sha256').update(verifier).digest('base64url') !== issued.challenge
      )
        return json(400, { error: 'invalid_grant' });
      const accessToken = randomBytes(16).toString('hex');
      this.tokens.add(accessToken);
      return json(200, {
        token_type: 'Bearer',
        expires_in: 3600,
        access_token: accessToken,
        refresh_token: 'r' + accessToken,
      });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (url.pathname.startsWith('/api/v2/') && !this.tokens.has(bearer ?? ''))
      return res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    if (url.pathname === '/api/v2/me') return json(200, this.me);
    if (url.pathname === '/api/v2/email') return json(200, { email: 'ming@tp.edu.tw' });
    json(404, { error: 'not_found' });
  }

  private clientAuthenticated(req: IncomingMessage, body: URLSearchParams): boolean {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (this.authMethod === 'client_secret_basic') {
      if (!basic || body.has('client_secret')) return false;
      const [id, secret] = Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent);
      return id === this.clientId && secret === this.clientSecret;
    }
    return (
      !basic && body.get('client_id') === this.clientId && body.get('client_secret') === this.clientSecret
    );
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
