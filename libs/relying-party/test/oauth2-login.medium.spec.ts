import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { OAuth2ProviderConfig } from '#relying-party';
import { failsWith, relyingPartyContext } from './support/relying-party-context.js';
import { TestOAuth2Server } from './support/oauth2-server.js';

const REDIRECT = 'http://rp.test/cncreturnpage';

/** Follows the authorization server's redirect (it approves at once) to our callback. */
async function approve(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  assert.ok(location?.startsWith(REDIRECT), `no redirect to the callback: HTTP ${res.status}`);
  return new URL(location!);
}

describe('relying party at a plain OAuth 2.0 server with profile APIs (Taipei-style)', () => {
  let server: TestOAuth2Server;
  let ctx: Awaited<ReturnType<typeof relyingPartyContext>>;

  before(async () => {
    server = await TestOAuth2Server.start();
    ctx = await relyingPartyContext();
  });
  after(async () => {
    await ctx.close();
    await server.stop();
  });
  beforeEach(() => {
    server.authMethod = 'client_secret_basic';
    server.me = { uuid: 'tp-0001', name: '王小明', role: 'student' };
  });

  const taipei = (over: Partial<OAuth2ProviderConfig> = {}): OAuth2ProviderConfig => ({
    id: 'tp',
    kind: 'oauth2',
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    authMethod: 'client_secret_basic',
    scopes: ['me', 'email', 'profile'],
    endpoints: {
      authorization: `${server.url}/oauth/authorize`,
      token: `${server.url}/oauth/token`,
      profile: [`${server.url}/api/v2/me`, `${server.url}/api/v2/email`],
    },
    subjectClaim: 'uuid',
    ...over,
  });

  async function toCallback(provider: OAuth2ProviderConfig) {
    const { url, transaction } = await ctx.rp.beginLogin(provider, {
      redirectUri: REDIRECT,
      returnTo: '/back',
    });
    return { url, transaction, callback: await approve(url) };
  }

  for (const authMethod of ['client_secret_basic', 'client_secret_post'] as const)
    it(`signs in with ${authMethod}: state, PKCE, the merged profiles and the subject`, async () => {
      server.authMethod = authMethod;
      const provider = taipei({ authMethod });
      const { url, transaction, callback } = await toCallback(provider);
      const sent = new URL(url).searchParams;
      assert.equal(sent.get('scope'), 'me email profile'); // no `openid` added for OAuth2
      assert.equal(sent.get('nonce'), null);
      assert.equal(transaction.nonce, undefined);
      const result = await ctx.rp.completeLogin(provider, callback, JSON.stringify(transaction));
      assert.equal(result.subject, 'tp-0001');
      assert.deepEqual(result.claims, {
        uuid: 'tp-0001',
        name: '王小明',
        role: 'student',
        email: 'ming@tp.edu.tw',
      });
      assert.equal(result.issuer, server.url);
      assert.equal(result.returnTo, '/back');
      assert.ok(result.tokens.accessToken && result.tokens.refreshToken);
      assert.equal(result.tokens.idToken, undefined);
    });

  it('a client authenticating the other way is the upstream invalid_client', async () => {
    server.authMethod = 'client_secret_post';
    const { transaction, callback } = await toCallback(taipei());
    const err = await failsWith(ctx.rp.completeLogin(taipei(), callback, transaction), 'upstream_error');
    assert.equal(err.details.error, 'invalid_client');
  });

  it('refuses a replayed callback, a forged state and a wrong PKCE verifier', async () => {
    const first = await toCallback(taipei());
    await ctx.rp.completeLogin(taipei(), first.callback, first.transaction);
    const replay = await failsWith(
      ctx.rp.completeLogin(taipei(), first.callback, first.transaction),
      'upstream_error',
    );
    assert.equal(replay.details.error, 'invalid_grant');

    const second = await toCallback(taipei());
    const forged = new URL(second.callback);
    forged.searchParams.set('state', 'forged');
    await failsWith(ctx.rp.completeLogin(taipei(), forged, second.transaction), 'state_mismatch');
    const badPkce = { ...second.transaction, codeVerifier: 'y'.repeat(43) };
    const pkce = await failsWith(ctx.rp.completeLogin(taipei(), second.callback, badPkce), 'upstream_error');
    assert.equal(pkce.details.error, 'invalid_grant');
  });

  it('refuses a profile without the subject, and an OIDC transaction at an OAuth2 provider', async () => {
    server.me = { name: '無名' };
    const { transaction, callback } = await toCallback(taipei());
    const err = await failsWith(
      ctx.rp.completeLogin(taipei(), callback, transaction),
      'upstream_invalid_response',
    );
    assert.equal(err.details.reason, 'subject');
    const oidcShaped = { ...transaction, kind: 'oidc', nonce: 'n' };
    await failsWith(ctx.rp.completeLogin(taipei(), callback, oidcShaped), 'transaction_invalid');
  });

  it('reads a nested subject (subjectClaim with dots)', async () => {
    server.me = { data: { id: 4711, name: '王小明' } };
    const provider = taipei({
      subjectClaim: 'data.id',
      endpoints: { ...taipei().endpoints, profile: [`${server.url}/api/v2/me`] },
    });
    const { transaction, callback } = await toCallback(provider);
    assert.equal((await ctx.rp.completeLogin(provider, callback, transaction)).subject, '4711');
  });

  it('an unusable profile API is a typed error', async () => {
    const provider = taipei({
      endpoints: { ...taipei().endpoints, profile: [`${server.url}/api/v2/missing`] },
    });
    const { transaction, callback } = await toCallback(provider);
    const err = await failsWith(
      ctx.rp.completeLogin(provider, callback, transaction),
      'upstream_invalid_response',
    );
    assert.equal(err.details.reason, 'http_404');
  });
});
