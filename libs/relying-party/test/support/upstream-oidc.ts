import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { PrivateJwk } from '#relying-party';
import { Provider, type ClientMetadata } from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider, in memory) playing a county: discovery, JWKS,
 * authorize, token, userinfo. Its login is programmatic: the first interaction signs `accountId`
 * in and grants every requested scope, so a login is a chain of redirects `signInAt` can follow.
 */
export class UpstreamOidc {
  provider!: Provider;
  url = '';
  /** Who the next interaction signs in. */
  accountId = 'county-user-1';
  /** Requests for the discovery document, to prove the relying party caches it. */
  discoveryRequests = 0;
  /**
   * How the last token request authenticated, as far as headers tell: oidc-provider accepts a
   * client's secret either way, so this is how a test sees which one was sent.
   */
  lastTokenAuthorization: 'basic' | 'no header' | undefined;
  private server!: Server;

  static async start(clients: ClientMetadata[]): Promise<UpstreamOidc> {
    const upstream = new UpstreamOidc();
    upstream.server = createServer((req, res) => void upstream.handle(req, res));
    await new Promise<void>((r) => upstream.server.listen(0, '127.0.0.1', r));
    upstream.url = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'county-key' };
    upstream.provider = new Provider(upstream.url, {
      clients,
      jwks: { keys: [jwk] } as never,
      cookies: { keys: ['a test cookie key that is long enough'] },
      findAccount: (_ctx, sub) => ({
        accountId: sub,
        claims: () => ({ sub, name: '王小明', email: `${sub}@county.example`, email_verified: true }),
      }),
      claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      // The engine's defaults, set explicitly so it does not print a notice for each.
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
    return upstream;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    try {
      if (req.url?.startsWith('/.well-known/openid-configuration')) this.discoveryRequests++;
      if (req.method === 'POST' && req.url === '/token')
        this.lastTokenAuthorization = /^Basic /.test(req.headers.authorization ?? '') ? 'basic' : 'no header';
      if (!req.url?.startsWith('/interaction/')) return this.provider.callback()(req, res);
      const details = await this.provider.interactionDetails(req, res);
      const grant = new this.provider.Grant({
        accountId: this.accountId,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await this.provider.interactionFinished(
        req,
        res,
        { login: { accountId: this.accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A keypair for a `private_key_jwt` client: the private JWK for us, the public one for the provider. */
export async function clientKeyPair(kid: string): Promise<{ privateJwk: PrivateJwk; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kty: 'RSA', kid, alg: 'RS256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

/**
 * What a browser does between the authorization URL and our callback: follow the provider's
 * redirects, keeping its cookies. Returns the callback URL the provider sent the browser to.
 */
export async function signInAt(authorizationUrl: string, redirectUri: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!;
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    await res.arrayBuffer();
    const location = res.headers.get('location');
    if (!location) throw new Error(`sign-in stopped at ${url} with HTTP ${res.status}`);
    const next = new URL(location, url);
    if (next.href.startsWith(redirectUri)) return next;
    url = next.href;
  }
  throw new Error('too many redirects');
}

/**
 * A reverse proxy in front of a provider that rewrites its discovery document's `issuer` to its
 * own URL: configured with the proxy's URL, the relying party then gets ID tokens (and `iss`
 * callback parameters) from another issuer than the one it discovered — a mix-up or a
 * compromised discovery path.
 */
export class IssuerSwappingProxy {
  url = '';
  private server!: Server;

  static async start(target: string): Promise<IssuerSwappingProxy> {
    const proxy = new IssuerSwappingProxy();
    proxy.server = createServer((req, res) => {
      const upstream = httpRequest(
        `${target}${req.url}`,
        { method: req.method, headers: req.headers },
        (up) => {
          if (!req.url?.startsWith('/.well-known/openid-configuration')) {
            res.writeHead(up.statusCode!, up.headers);
            return up.pipe(res);
          }
          let body = '';
          up.on('data', (d) => (body += d));
          up.on('end', () => {
            // Without RFC 9207's `iss` parameter, only the ID token's `iss` can tell the issuers apart.
            const { authorization_response_iss_parameter_supported: _, ...doc } = JSON.parse(body);
            doc.issuer = proxy.url;
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
          });
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
