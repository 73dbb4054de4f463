/**
 * The baseline for `npm run bench`: oidc-provider alone, with its default in-memory adapter,
 * one static confidential client allowed client_credentials, an RS256 key like the idp's, and
 * nothing else (no Nest, Express, MariaDB or Redis). Run by bench/run.ts as a child process, so
 * it is separated from the load generator exactly as the idp is.
 *
 * Env: BARE_PORT, BARE_CLIENT_ID, BARE_CLIENT_SECRET. Prints one JSON line `{"ready":true}`.
 */
import { exportJWK, generateKeyPair } from 'jose';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the bare engine is this file's whole point; it never runs in the idp
import { Provider } from 'oidc-provider';

const port = Number(process.env.BARE_PORT);
const clientId = process.env.BARE_CLIENT_ID ?? '';
const clientSecret = process.env.BARE_CLIENT_SECRET ?? '';
if (!port || !clientId || !clientSecret)
  throw new Error('BARE_PORT, BARE_CLIENT_ID and BARE_CLIENT_SECRET are required');

const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] } as never,
  // Same engine settings as the idp where they touch this grant.
  routes: { token: '/oidc/v1/token' },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: { enabled: false },
  },
  ttl: { ClientCredentials: 3600 },
});

const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ ready: true, port }) + '\n');
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
