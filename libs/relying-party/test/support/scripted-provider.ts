import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/**
 * A misbehaving OpenID Connect provider, scripted per test: it approves every authorization at
 * once and issues whatever ID token `idToken` makes of the right one (another `aud`, an old
 * `exp`, a key not in its JWKS …), so the relying party's checks meet each failure over real HTTP.
 */
export class ScriptedProvider {
  url = '';
  /** Changes the claims of the next ID tokens; the default keeps them right. */
  idToken: (claims: JWTPayload) => JWTPayload = (claims) => claims;
  /** Signs ID tokens with another key than the published one. */
  signWithUnpublishedKey = false;
  /** The `kid` put in ID token headers. */
  kid = 'scripted-key';
  /** The token endpoint accepts the request and never answers. */
  hangTokenEndpoint = false;
  private server!: Server;
  private key!: CryptoKey;
  private otherKey!: CryptoKey;
  private jwks: object[] = [];
  private readonly codes = new Map<string, { nonce: string; clientId: string }>();

  static async start(): Promise<ScriptedProvider> {
    const op = new ScriptedProvider();
    const pair = await generateKeyPair('RS256', { extractable: true });
    op.key = pair.privateKey;
    op.otherKey = (await generateKeyPair('RS256')).privateKey;
    op.jwks = [{ ...(await exportJWK(pair.publicKey)), kid: 'scripted-key', alg: 'RS256', use: 'sig' }];
    op.server = createServer((req, res) => void op.handle(req, res));
    await new Promise<void>((r) => op.server.listen(0, '127.0.0.1', r));
    op.url = `http://127.0.0.1:${(op.server.address() as AddressInfo).port}`;
    return op;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, this.url);
    const json = (status: number, body: object) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer: this.url,
        authorization_endpoint: `${this.url}/authorize`,
        token_endpoint: `${this.url}/token`,
        jwks_uri: `${this.url}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    if (url.pathname === '/jwks') return json(200, { keys: this.jwks });
    if (url.pathname === '/authorize') {
      const code = randomBytes(16).toString('hex');
      const p = url.searchParams;
      this.codes.set(code, { nonce: p.get('nonce')!, clientId: p.get('client_id')! });
      const back = new URL(p.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state')!);
      return res.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      if (this.hangTokenEndpoint) return; // never answers
      let body = '';
      for await (const chunk of req) body += chunk;
      const issued = this.codes.get(new URLSearchParams(body).get('code') ?? '');
      if (!issued) return json(400, { error: 'invalid_grant' });
      this.codes.delete(new URLSearchParams(body).get('code')!);
      const now = Math.floor(Date.now() / 1000);
      const claims = this.idToken({
        iss: this.url,
        sub: 'scripted-user',
        aud: issued.clientId,
        nonce: issued.nonce,
        iat: now,
        exp: now + 300,
      });
      const idToken = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: this.kid })
        .sign(this.signWithUnpublishedKey ? this.otherKey : this.key);
      return json(200, {
        access_token: randomBytes(16).toString('hex'),
        token_type: 'Bearer',
        expires_in: 300,
        id_token: idToken,
      });
    }
    json(404, { error: 'not_found' });
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
