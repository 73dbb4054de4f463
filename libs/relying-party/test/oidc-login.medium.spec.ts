import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ClientMetadata } from 'oidc-provider';
import type { LoginTransaction, OidcProviderConfig } from '#relying-party';
import { failsWith, relyingPartyContext } from './support/relying-party-context.js';
import { clientKeyPair, IssuerSwappingProxy, signInAt, UpstreamOidc } from './support/upstream-oidc.js';

const REDIRECT = 'http://rp.test/cncreturnpage';
const SECRET = 'a county client secret 0123456789';

describe('relying party at an OpenID Connect provider (a real oidc-provider upstream)', () => {
  let upstream: UpstreamOidc;
  let ctx: Awaited<ReturnType<typeof relyingPartyContext>>;
  let clientKey: Awaited<ReturnType<typeof clientKeyPair>>;

  before(async () => {
    clientKey = await clientKeyPair('rp-key-1');
    const client = (
      client_id: string,
      token_endpoint_auth_method: ClientMetadata['token_endpoint_auth_method'],
      more: object = {},
    ): ClientMetadata => ({
      client_id,
      token_endpoint_auth_method,
      redirect_uris: [REDIRECT],
      ...more,
    });
    upstream = await UpstreamOidc.start([
      client('rp-basic', 'client_secret_basic', { client_secret: SECRET }),
      client('rp-post', 'client_secret_post', { client_secret: SECRET }),
      client('rp-public', 'none'),
      client('rp-jwt', 'private_key_jwt', { jwks: { keys: [clientKey.publicJwk] } }),
    ]);
    ctx = await relyingPartyContext();
  });
  after(async () => {
    await ctx.close();
    await upstream.stop();
  });
  beforeEach(() => {
    ctx.clock.offsetMs = 0;
  });

  const county = (over: Partial<OidcProviderConfig> = {}): OidcProviderConfig => ({
    id: 'county',
    kind: 'oidc',
    issuer: upstream.url,
    clientId: 'rp-basic',
    clientSecret: SECRET,
    authMethod: 'client_secret_basic',
    scopes: ['openid', 'profile', 'email'],
    ...over,
  });

  /** begin, then the browser's trip through the provider; returns the callback and the transaction. */
  async function toCallback(provider: OidcProviderConfig, returnTo = 'interaction-1') {
    const { url, transaction } = await ctx.rp.beginLogin(provider, { redirectUri: REDIRECT, returnTo });
    return { url, transaction, callback: await signInAt(url, REDIRECT) };
  }

  it('signs in with client_secret_basic: a validated ID token, UserInfo, tokens and returnTo', async () => {
    const { url, transaction, callback } = await toCallback(county());
    const sent = new URL(url).searchParams;
    assert.equal(sent.get('code_challenge_method'), 'S256');
    assert.equal(sent.get('state'), transaction.state);
    assert.equal(sent.get('nonce'), transaction.nonce);
    assert.equal(sent.get('scope'), 'openid profile email');
    assert.equal(sent.get('code_verifier'), null);
    // The transaction is plain data: the caller may keep it as JSON anywhere.
    const stored = JSON.stringify(transaction);
    const result = await ctx.rp.completeLogin(county(), callback, stored, { userinfo: true });
    assert.equal(result.subject, upstream.accountId);
    assert.equal(result.issuer, upstream.url);
    assert.equal(result.claims.iss, upstream.url);
    assert.equal(result.claims.aud, 'rp-basic');
    assert.equal(result.userinfo?.name, '王小明');
    assert.equal(result.userinfo?.email, `${upstream.accountId}@county.example`);
    assert.equal(upstream.lastTokenAuthorization, 'basic');
    assert.equal(result.returnTo, 'interaction-1');
    assert.ok(result.tokens.accessToken && result.tokens.idToken);
    assert.equal(result.tokens.tokenType.toLowerCase(), 'bearer');
  });

  it('signs in with client_secret_post (Kaohsiung), none + PKCE and private_key_jwt', async () => {
    const providers = [
      county({ id: 'kh', clientId: 'rp-post', authMethod: 'client_secret_post' }),
      county({ id: 'public', clientId: 'rp-public', authMethod: 'none', clientSecret: undefined }),
      county({
        id: 'jwt',
        clientId: 'rp-jwt',
        authMethod: 'private_key_jwt',
        privateKeyJwk: clientKey.privateJwk,
      }),
    ];
    for (const provider of providers) {
      const { transaction, callback } = await toCallback(provider);
      const result = await ctx.rp.completeLogin(provider, callback, transaction);
      assert.equal(result.claims.aud, provider.clientId, provider.id);
      assert.equal(result.provider, provider.id);
      assert.equal(upstream.lastTokenAuthorization, 'no header', provider.id);
    }
  });

  it('a wrong client secret is the upstream invalid_client', async () => {
    const wrong = county({ clientSecret: 'not the secret' });
    const { transaction, callback } = await toCallback(wrong);
    const err = await failsWith(ctx.rp.completeLogin(wrong, callback, transaction), 'upstream_error');
    assert.equal(err.details.error, 'invalid_client');
  });

  it('fetches discovery once: a second begin and the completion make no discovery request', async () => {
    const fresh = await relyingPartyContext();
    try {
      const before = upstream.discoveryRequests;
      const first = await fresh.rp.beginLogin(county(), { redirectUri: REDIRECT });
      await fresh.rp.beginLogin(county(), { redirectUri: REDIRECT });
      await fresh.rp.completeLogin(county(), await signInAt(first.url, REDIRECT), first.transaction);
      assert.equal(upstream.discoveryRequests - before, 1);
    } finally {
      await fresh.close();
    }
  });

  it('refuses a replayed callback: the same code twice is the upstream invalid_grant', async () => {
    const { transaction, callback } = await toCallback(county());
    await ctx.rp.completeLogin(county(), callback, transaction);
    const err = await failsWith(ctx.rp.completeLogin(county(), callback, transaction), 'upstream_error');
    assert.equal(err.details.error, 'invalid_grant');
    assert.equal(err.details.provider, 'county');
  });

  it('refuses a callback whose state is not the transaction’s, or has none', async () => {
    const { transaction, callback } = await toCallback(county());
    const forged = new URL(callback);
    forged.searchParams.set('state', 'another-tabs-state');
    await failsWith(ctx.rp.completeLogin(county(), forged, transaction), 'state_mismatch');
    forged.searchParams.delete('state');
    await failsWith(ctx.rp.completeLogin(county(), forged, transaction), 'state_mismatch');
    // And another login's transaction with this callback.
    const other = await ctx.rp.beginLogin(county(), { redirectUri: REDIRECT });
    await failsWith(ctx.rp.completeLogin(county(), callback, other.transaction), 'state_mismatch');
  });

  it('refuses an ID token whose nonce is not the transaction’s', async () => {
    const { transaction, callback } = await toCallback(county());
    const changed: LoginTransaction = { ...transaction, nonce: 'a-nonce-of-another-login' };
    await failsWith(ctx.rp.completeLogin(county(), callback, changed), 'nonce_mismatch');
  });

  it('sends the PKCE verifier: a wrong one is refused by the provider', async () => {
    const { transaction, callback } = await toCallback(county());
    const changed = { ...transaction, codeVerifier: 'x'.repeat(43) };
    const err = await failsWith(ctx.rp.completeLogin(county(), callback, changed), 'upstream_error');
    assert.equal(err.details.error, 'invalid_grant');
  });

  it('refuses a transaction of another provider, an old one and a malformed one', async () => {
    const { transaction, callback } = await toCallback(county());
    await failsWith(
      ctx.rp.completeLogin(county({ id: 'other' }), callback, transaction),
      'transaction_invalid',
    );
    await failsWith(ctx.rp.completeLogin(county(), callback, '{"v":1'), 'transaction_invalid');
    await failsWith(
      ctx.rp.completeLogin(county(), callback, { ...transaction, state: 42 }),
      'transaction_invalid',
    );
    ctx.clock.offsetMs = 11 * 60_000;
    await failsWith(ctx.rp.completeLogin(county(), callback, transaction), 'transaction_expired');
  });

  it('reports the provider’s error (access_denied) only when the state is right', async () => {
    const { transaction } = await ctx.rp.beginLogin(county(), { redirectUri: REDIRECT });
    const denied = new URLSearchParams({
      error: 'access_denied',
      state: transaction.state,
      iss: upstream.url,
    });
    const err = await failsWith(ctx.rp.completeLogin(county(), denied, transaction), 'upstream_error');
    assert.equal(err.details.error, 'access_denied');
    denied.set('state', 'forged');
    await failsWith(ctx.rp.completeLogin(county(), denied, transaction), 'state_mismatch');
  });

  it('refuses an expired ID token (our clock two hours past the provider’s)', async () => {
    ctx.clock.offsetMs = 2 * 3600_000;
    const { transaction, callback } = await toCallback(county());
    const err = await failsWith(ctx.rp.completeLogin(county(), callback, transaction), 'token_expired');
    assert.equal(err.details.reason, 'exp');
  });

  it('refuses an ID token issued in the future beyond the tolerance (our clock ten minutes behind)', async () => {
    ctx.clock.offsetMs = -10 * 60_000;
    const { transaction, callback } = await toCallback(county());
    const err = await failsWith(ctx.rp.completeLogin(county(), callback, transaction), 'token_not_yet_valid');
    assert.equal(err.details.reason, 'iat');
    ctx.clock.offsetMs = -10_000; // within the 30 s tolerance
    const ok = await toCallback(county());
    assert.equal(
      (await ctx.rp.completeLogin(county(), ok.callback, ok.transaction)).subject,
      upstream.accountId,
    );
  });

  it('refuses a callback and an ID token from another issuer than the one discovered', async () => {
    const proxy = await IssuerSwappingProxy.start(upstream.url);
    try {
      const swapped = county({ id: 'swapped', issuer: proxy.url });
      const { transaction, callback } = await toCallback(swapped);
      // The callback names the real issuer (RFC 9207): caught before the code is spent.
      const err = await failsWith(ctx.rp.completeLogin(swapped, callback, transaction), 'issuer_mismatch');
      assert.equal(err.details.reason, 'iss_parameter');
      // Without it, the ID token's `iss` gives it away.
      callback.searchParams.delete('iss');
      const again = await failsWith(ctx.rp.completeLogin(swapped, callback, transaction), 'issuer_mismatch');
      assert.equal(again.details.reason, 'iss');
    } finally {
      await proxy.stop();
    }
  });

  it('refuses parameters it owns in extraParams, and a redirect URI with a query', async () => {
    await failsWith(
      ctx.rp.beginLogin(county(), { redirectUri: REDIRECT, extraParams: { state: 'mine' } }),
      'invalid_login_request',
    );
    await failsWith(ctx.rp.beginLogin(county(), { redirectUri: `${REDIRECT}?x=1` }), 'invalid_login_request');
    const { url } = await ctx.rp.beginLogin(county(), {
      redirectUri: REDIRECT,
      extraParams: { prompt: 'login', ui_locales: 'zh-TW' },
      scope: ['exchangedata'],
    });
    const sent = new URL(url).searchParams;
    assert.equal(sent.get('prompt'), 'login');
    assert.equal(sent.get('scope'), 'exchangedata openid');
  });
});
