/**
 * The baseline for `npm run bench`: oidc-provider alone, with its default in-memory adapter,
 * one static confidential client, an RS256 key like the idp's, and nothing else (no Nest,
 * Express, MariaDB or Redis). Run by bench/run.ts as a child process, so it is separated from the
 * load generator exactly as the idp is.
 *
 * Two baselines: client_credentials grants (the engine's cheapest request), and the password
 * login of (c) reduced to what no oidc-provider-based idp can do without — the same five requests
 * (authorize, a login page with a form, the form POST checking the password with argon2id at the
 * idp's parameters, the engine's resume, the code exchange with PKCE and an RS256 ID token), one
 * account, its claims from memory, no lockout, audit, captcha, templates or storage. Its cost per
 * login is the floor of (c) on this machine.
 *
 * Env: BARE_PORT, BARE_CLIENT_ID, BARE_CLIENT_SECRET, BARE_REDIRECT_URI, BARE_LOGIN,
 * BARE_PASSWORD. Prints one JSON line `{"ready":true}`.
 */
import { createServer } from 'node:http';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { exportJWK, generateKeyPair } from 'jose';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the bare engine is this file's whole point; it never runs in the idp
import { Provider } from 'oidc-provider';

const port = Number(process.env.BARE_PORT);
const clientId = process.env.BARE_CLIENT_ID ?? '';
const clientSecret = process.env.BARE_CLIENT_SECRET ?? '';
const redirectUri = process.env.BARE_REDIRECT_URI ?? '';
const login = process.env.BARE_LOGIN ?? '';
const password = process.env.BARE_PASSWORD ?? '';
if (!port || !clientId || !clientSecret || !redirectUri || !login || !password)
  throw new Error(
    'BARE_PORT, BARE_CLIENT_ID, BARE_CLIENT_SECRET, BARE_REDIRECT_URI, BARE_LOGIN and BARE_PASSWORD are required',
  );
// The idp's parameters (PasswordHasher, ARGON2_PARAMS): m=19456 KiB, t=2, p=1.
const argon2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 as Algorithm };
const passwordHash = await hash(password, argon2);
const SUB = 'bare-bench-account';

const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [jwk] } as never,
  cookies: { keys: ['bare-engine-cookie-key-0123456789abcdef'] },
  // Same engine settings as the idp where they touch these grants.
  routes: { token: '/oidc/v1/token', authorization: '/oidc/v1/authorize' },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: { enabled: false },
  },
  ttl: { ClientCredentials: 3600 },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (_ctx, sub) => ({
    accountId: sub,
    claims: () => ({ sub, name: '測試帳號', email: `${login}@mail.edu.tw`, email_verified: true }),
  }),
  // First party: the login is the consent (as the idp's first-party clients).
  async loadExistingGrant(ctx) {
    const { client, session } = ctx.oidc;
    if (!client || !session?.accountId) return undefined;
    const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope(String(ctx.oidc.params?.scope ?? 'openid'));
    await grant.save();
    return grant;
  },
});

const engine = provider.callback();
const escape = (v: string) => v.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login page and its form: the only part of the interaction the engine leaves to us. */
const server = createServer((req, res) => {
  const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
  if (!m) return void engine(req, res);
  void (async () => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== m[1]) throw new Error('interaction mismatch');
      if (req.method === 'GET' && !m[2]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!doctype html><title>登入</title><form class="form" method="post" action="${escape(`/interaction/${details.uid}/login`)}">` +
            '<input name="login"><input name="password" type="password"><button>登入</button></form>',
        );
        return;
      }
      if (req.method !== 'POST' || !m[2]) throw new Error('no such step');
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const form = new URLSearchParams(body);
      const ok = form.get('login') === login && (await verify(passwordHash, form.get('password') ?? ''));
      if (!ok) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid credentials');
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: SUB, amr: ['pwd'] } },
        { mergeWithLastSubmission: false },
      );
    } catch (e) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end((e as Error).message);
    }
  })();
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ ready: true, port }) + '\n');
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
