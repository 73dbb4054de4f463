import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OAuth2ProviderConfig, OidcProviderConfig } from '#relying-party';
import { TestOAuth2Server } from './support/oauth2-server.js';
import { failsWith, refusedUrl, relyingPartyContext, SilentServer } from './support/relying-party-context.js';
import { ScriptedProvider } from './support/scripted-provider.js';

const REDIRECT = 'http://rp.test/cncreturnpage';
const TIMEOUT_MS = 1000;
const BACKOFF_MS = 600;

const oidc = (id: string, issuer: string): OidcProviderConfig => ({
  id,
  kind: 'oidc',
  issuer,
  clientId: 'rp-1',
  clientSecret: 'secret',
  authMethod: 'client_secret_basic',
  scopes: ['openid'],
});

/** A county that is down or hangs must fail fast, with a typed error, and slow no other county. */
describe('relying party when a provider is down or hangs', () => {
  let silent: SilentServer;
  let healthy: ScriptedProvider;
  let ctx: Awaited<ReturnType<typeof relyingPartyContext>>;

  before(async () => {
    silent = await SilentServer.start();
    healthy = await ScriptedProvider.start();
    ctx = await relyingPartyContext({ timeoutMs: TIMEOUT_MS, discoveryFailureBackoffMs: BACKOFF_MS });
  });
  after(async () => {
    await ctx.close();
    await healthy.stop();
    await silent.stop();
  });

  it('a provider that refuses connections is upstream_unavailable at once', async () => {
    const started = Date.now();
    const err = await failsWith(
      ctx.rp.beginLogin(oidc('down', await refusedUrl()), { redirectUri: REDIRECT }),
      'upstream_unavailable',
    );
    assert.equal(err.details.reason, 'unreachable');
    assert.equal(err.details.provider, 'down');
    assert.ok(Date.now() - started < TIMEOUT_MS, `took ${Date.now() - started} ms`);
  });

  it('a provider that never answers is upstream_unavailable after the timeout, and slows no other', async () => {
    const started = Date.now();
    const hanging = failsWith(
      ctx.rp.beginLogin(oidc('slow', silent.url), { redirectUri: REDIRECT }),
      'upstream_unavailable',
    );
    // Meanwhile another county's logins go through at their own pace.
    const other = await ctx.rp.beginLogin(oidc('healthy', healthy.url), { redirectUri: REDIRECT });
    assert.ok(other.url.startsWith(`${healthy.url}/authorize?`));
    assert.ok(Date.now() - started < TIMEOUT_MS / 2, `the healthy provider took ${Date.now() - started} ms`);
    const err = await hanging;
    const took = Date.now() - started;
    assert.equal(err.details.reason, 'timeout');
    assert.ok(took >= TIMEOUT_MS - 50 && took < TIMEOUT_MS + 1000, `took ${took} ms`);
  });

  it('after a failed discovery, logins there fail at once until the back-off has passed, then try again', async () => {
    const connections = silent.connections;
    const started = Date.now();
    await failsWith(
      ctx.rp.beginLogin(oidc('slow', silent.url), { redirectUri: REDIRECT }),
      'upstream_unavailable',
    );
    assert.ok(Date.now() - started < TIMEOUT_MS / 4, `took ${Date.now() - started} ms`);
    assert.equal(silent.connections, connections, 'no new connection during the back-off');
    await new Promise((r) => setTimeout(r, BACKOFF_MS));
    await failsWith(
      ctx.rp.beginLogin(oidc('slow', silent.url), { redirectUri: REDIRECT }),
      'upstream_unavailable',
    );
    assert.equal(silent.connections, connections + 1, 'one new attempt after the back-off');
  });

  it('an OAuth2 server whose token endpoint is down, or hangs, is upstream_unavailable', async () => {
    const server = await TestOAuth2Server.start();
    try {
      for (const [token, reason] of [
        [`${await refusedUrl()}/oauth/token`, 'unreachable'],
        [`${silent.url}/oauth/token`, 'timeout'],
      ] as const) {
        const provider: OAuth2ProviderConfig = {
          id: 'tp',
          kind: 'oauth2',
          clientId: server.clientId,
          clientSecret: server.clientSecret,
          authMethod: 'client_secret_basic',
          scopes: ['me'],
          endpoints: {
            authorization: `${server.url}/oauth/authorize`,
            token,
            profile: [`${server.url}/api/v2/me`],
          },
          subjectClaim: 'uuid',
        };
        const { url, transaction } = await ctx.rp.beginLogin(provider, { redirectUri: REDIRECT });
        const callback = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
        const err = await failsWith(
          ctx.rp.completeLogin(provider, callback, transaction),
          'upstream_unavailable',
        );
        assert.equal(err.details.reason, reason);
      }
    } finally {
      await server.stop();
    }
  });
});
