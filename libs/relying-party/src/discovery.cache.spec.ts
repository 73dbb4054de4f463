import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { ServerMetadata } from 'openid-client';
import { DiscoveryCache } from './discovery.cache.js';
import { RelyingPartyError } from './relying-party.errors.js';
import { resolveRelyingPartyOptions } from './relying-party.options.js';

const ISSUER = 'https://tn.sso.edu.tw';

/** The cache with its network call replaced by a script the test controls. */
class ScriptedDiscovery extends DiscoveryCache {
  calls = 0;
  next: () => Promise<ServerMetadata> = async () => ({ issuer: ISSUER, jwks_uri: `${ISSUER}/jwks` });
  protected override fetchMetadata(): Promise<ServerMetadata> {
    this.calls++;
    return this.next();
  }
}

const down = () => Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }));
const jwks = { jwks: { keys: [] }, uat: 1 };

describe('DiscoveryCache', () => {
  let cache: ScriptedDiscovery;
  beforeEach(() => {
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    cache = new ScriptedDiscovery(
      resolveRelyingPartyOptions({ discoveryRefreshMs: 60_000, discoveryFailureBackoffMs: 5000 }),
    );
  });
  afterEach(() => mock.timers.reset());

  it('fetches once per issuer, also for concurrent first logins', async () => {
    const [a, b] = await Promise.all([cache.get(ISSUER, 'tn'), cache.get(ISSUER, 'tn')]);
    await cache.get(ISSUER, 'tn');
    assert.equal(cache.calls, 1);
    assert.equal(a, b);
  });

  it('serves a stale document at once and refreshes it in the background', async () => {
    await cache.get(ISSUER, 'tn');
    mock.timers.tick(60_000);
    let release!: () => void;
    cache.next = () =>
      new Promise(
        (r) => (release = () => r({ issuer: ISSUER, jwks_uri: `${ISSUER}/jwks`, token_endpoint: 'new' })),
      );
    const stale = await cache.get(ISSUER, 'tn'); // does not wait for the refresh
    assert.equal(stale.metadata.token_endpoint, undefined);
    assert.equal(cache.calls, 2);
    await cache.get(ISSUER, 'tn'); // one refresh at a time
    assert.equal(cache.calls, 2);
    release();
    await new Promise((r) => setImmediate(r));
    assert.equal((await cache.get(ISSUER, 'tn')).metadata.token_endpoint, 'new');
  });

  it('keeps the old document when a refresh fails, and waits out the back-off before the next', async () => {
    await cache.get(ISSUER, 'tn');
    mock.timers.tick(60_000);
    cache.next = down;
    await cache.get(ISSUER, 'tn');
    await new Promise((r) => setImmediate(r));
    assert.equal((await cache.get(ISSUER, 'tn')).metadata.issuer, ISSUER);
    assert.equal(cache.calls, 2, 'no new refresh during the back-off');
    mock.timers.tick(5000);
    await cache.get(ISSUER, 'tn');
    assert.equal(cache.calls, 3);
  });

  it('remembers a failed first discovery for the back-off, as a typed error', async () => {
    cache.next = down;
    const first = await cache.get(ISSUER, 'tn').catch((e: unknown) => e);
    assert.ok(first instanceof RelyingPartyError);
    assert.equal(first.code, 'upstream_unavailable');
    await assert.rejects(cache.get(ISSUER, 'tn'), { code: 'upstream_unavailable' });
    assert.equal(cache.calls, 1);
    mock.timers.tick(5000);
    cache.next = async () => ({ issuer: ISSUER });
    await cache.get(ISSUER, 'tn');
    assert.equal(cache.calls, 2);
  });

  it('keeps the remembered JWKS across a refresh unless jwks_uri moved', async () => {
    await cache.get(ISSUER, 'tn');
    cache.rememberJwks(ISSUER, jwks);
    mock.timers.tick(60_000);
    await cache.get(ISSUER, 'tn');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual((await cache.get(ISSUER, 'tn')).jwks, jwks);
    mock.timers.tick(60_000);
    cache.next = async () => ({ issuer: ISSUER, jwks_uri: `${ISSUER}/keys-v2` });
    await cache.get(ISSUER, 'tn');
    await new Promise((r) => setImmediate(r));
    assert.equal((await cache.get(ISSUER, 'tn')).jwks, undefined);
  });

  it('keeps issuers apart: one down does not fail another', async () => {
    cache.next = down;
    await assert.rejects(cache.get('https://down.sso.edu.tw', 'down'));
    cache.next = async () => ({ issuer: ISSUER });
    assert.equal((await cache.get(ISSUER, 'tn')).metadata.issuer, ISSUER);
  });
});
