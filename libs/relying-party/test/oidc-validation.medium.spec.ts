import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { OidcProviderConfig } from '#relying-party';
import { failsWith, relyingPartyContext } from './support/relying-party-context.js';
import { ScriptedProvider } from './support/scripted-provider.js';
import { signInAt } from './support/upstream-oidc.js';

const REDIRECT = 'http://rp.test/cncreturnpage';

/** ID tokens a correct provider never issues, each against the check that must catch it. */
describe('relying party: ID token checks against a misbehaving provider', () => {
  let op: ScriptedProvider;
  let ctx: Awaited<ReturnType<typeof relyingPartyContext>>;

  before(async () => {
    op = await ScriptedProvider.start();
    ctx = await relyingPartyContext({ timeoutMs: 500 });
  });
  after(async () => {
    await ctx.close();
    await op.stop();
  });
  beforeEach(() => {
    op.idToken = (claims) => claims;
    op.signWithUnpublishedKey = false;
    op.kid = 'scripted-key';
    op.hangTokenEndpoint = false;
  });

  const provider = (): OidcProviderConfig => ({
    id: 'scripted',
    kind: 'oidc',
    issuer: op.url,
    clientId: 'rp-1',
    clientSecret: 'secret',
    authMethod: 'client_secret_basic',
    scopes: ['openid'],
  });

  async function complete() {
    const { url, transaction } = await ctx.rp.beginLogin(provider(), { redirectUri: REDIRECT });
    return ctx.rp.completeLogin(provider(), await signInAt(url, REDIRECT), transaction);
  }

  it('accepts its right ID token (the baseline of every case below)', async () => {
    assert.equal((await complete()).subject, 'scripted-user');
  });

  it('refuses an ID token for another client (aud), or for several without us as azp', async () => {
    op.idToken = (c) => ({ ...c, aud: 'another-client' });
    await failsWith(complete(), 'audience_mismatch');
    op.idToken = (c) => ({ ...c, aud: ['rp-1', 'another-client'], azp: 'another-client' });
    await failsWith(complete(), 'audience_mismatch');
  });

  it('refuses an ID token from another issuer', async () => {
    op.idToken = (c) => ({ ...c, iss: 'https://another.sso.edu.tw' });
    const err = await failsWith(complete(), 'issuer_mismatch');
    assert.equal(err.details.reason, 'iss');
  });

  it('refuses an ID token with another nonce, or none', async () => {
    op.idToken = (c) => ({ ...c, nonce: 'replayed' });
    await failsWith(complete(), 'nonce_mismatch');
    op.idToken = ({ nonce: _, ...c }) => c;
    await failsWith(complete(), 'upstream_invalid_response');
  });

  it('refuses an expired ID token, and one issued more than an hour ago', async () => {
    const now = Math.floor(Date.now() / 1000);
    op.idToken = (c) => ({ ...c, iat: now - 600, exp: now - 60 });
    assert.equal((await failsWith(complete(), 'token_expired')).details.reason, 'exp');
    op.idToken = (c) => ({ ...c, iat: now - 7200, exp: now + 600 });
    assert.equal((await failsWith(complete(), 'token_expired')).details.reason, 'iat');
  });

  it('refuses an ID token issued, or valid, only in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    op.idToken = (c) => ({ ...c, iat: now + 600, exp: now + 900 });
    assert.equal((await failsWith(complete(), 'token_not_yet_valid')).details.reason, 'iat');
    op.idToken = (c) => ({ ...c, nbf: now + 600 });
    assert.equal((await failsWith(complete(), 'token_not_yet_valid')).details.reason, 'nbf');
  });

  it('refuses an ID token signed by a key the provider does not publish', async () => {
    op.signWithUnpublishedKey = true;
    await failsWith(complete(), 'signature_invalid');
    op.kid = 'unknown-kid';
    await failsWith(complete(), 'signature_invalid');
  });

  it('gives up on a token endpoint that never answers, after the timeout', async () => {
    op.hangTokenEndpoint = true;
    const started = Date.now();
    const err = await failsWith(complete(), 'upstream_unavailable');
    assert.equal(err.details.reason, 'timeout');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
