import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  claimsToRelease,
  narrowClaimsRequest,
  permittedScopes,
  releasableClaims,
  releasableScopes,
} from './release-policy.js';
import { SCOPE_CLAIMS, SUPPORTED_SCOPES } from './scopes.js';

const sorted = (xs: Iterable<string>) => [...xs].sort();
const SIGN_IN = ['acr', 'amr', 'auth_time', 'sid', 'sub'];

describe('scopes', () => {
  it('release exactly the claims of the existing service, scope by scope', () => {
    assert.deepEqual(SCOPE_CLAIMS, {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
      eduinfo: ['eduinfo'],
      educloudroles: ['educloudroles'],
      personid: ['personid'],
      guid: ['guid'],
      openid2: ['openid2'],
      syncdata: ['updated_at'],
    });
    assert.deepEqual(SUPPORTED_SCOPES, [...Object.keys(SCOPE_CLAIMS), 'relation', 'offline_access']);
  });
});

describe('permittedScopes: what a client may be granted', () => {
  it('keeps the registered scopes edu-sso knows, in order, once each', () => {
    assert.equal(
      permittedScopes('openid profile email phone eduinfo offline_access', false),
      'openid profile email phone eduinfo offline_access',
    );
    assert.equal(permittedScopes('openid  profile openid admin write:all profile', false), 'openid profile');
  });

  it('grants personid only to an approved client', () => {
    assert.equal(permittedScopes('openid personid guid', false), 'openid guid');
    assert.equal(permittedScopes('openid personid guid', true), 'openid personid guid');
  });

  it('is never empty: the engine reads an empty list as "any scope"', () => {
    for (const registered of [undefined, null, '', 'admin', 'personid'])
      assert.equal(permittedScopes(registered, false), 'openid', String(registered));
    assert.equal(permittedScopes('personid', true), 'personid');
  });
});

describe('releasableClaims: every claim a client may ever receive', () => {
  it('is the sign-in claims plus the claims of its permitted scopes, nothing else', () => {
    assert.deepEqual(sorted(releasableClaims(undefined)), SIGN_IN);
    assert.deepEqual(sorted(releasableClaims('')), SIGN_IN);
    assert.deepEqual(
      sorted(releasableClaims('openid email')),
      sorted([...SIGN_IN, 'email', 'email_verified']),
    );
    assert.deepEqual(
      sorted(releasableClaims('openid profile personid unknown')),
      sorted([...SIGN_IN, 'name', 'given_name', 'family_name', 'preferred_username', 'personid']),
    );
    assert.ok(!releasableClaims('openid guid').has('personid'));
  });

  it('answers the same for the same scopes, and never lets one client widen another', () => {
    const a = releasableClaims('openid phone');
    assert.equal(releasableClaims('openid phone'), a, 'cached per scope string');
    assert.ok(!releasableClaims('openid').has('phone_number'));
    assert.ok(releasableClaims('openid phone').has('phone_number'));
  });

  it('caches at most 1000 scope combinations (odd metadata cannot grow it without limit)', async () => {
    // A fresh copy of the module, so the count starts at zero whatever other tests cached.
    const fresh = (await import(`${import.meta.url.replace('.spec.js', '.js')}?bound`)) as {
      releasableClaims: typeof releasableClaims;
    };
    for (let i = 0; i < 999; i++) fresh.releasableClaims(`openid y${i}`);
    const last = fresh.releasableClaims('openid y-last');
    assert.equal(fresh.releasableClaims('openid y-last'), last, 'the 1000th is cached');
    const over = fresh.releasableClaims('openid y-over');
    assert.notEqual(fresh.releasableClaims('openid y-over'), over, 'the 1001st is not');
    assert.deepEqual(sorted(over), sorted(releasableClaims('openid')));
  });

  it('keeps answering correctly past the cache bound (odd metadata cannot grow it without limit)', () => {
    for (let i = 0; i < 1_100; i++) releasableClaims(`openid x${i}`);
    const late = releasableClaims('openid email x-late');
    assert.deepEqual(sorted(late), sorted([...SIGN_IN, 'email', 'email_verified']));
    assert.notEqual(releasableClaims('openid email x-late'), late, 'not cached once the bound is reached');
  });
});

describe('releasableScopes: granted scopes the client may still use', () => {
  it('drops scopes the registration no longer has', () => {
    assert.deepEqual(sorted(releasableScopes(['openid', 'personid', 'eduinfo'], 'openid eduinfo')), [
      'eduinfo',
      'openid',
    ]);
    assert.deepEqual(sorted(releasableScopes(new Set(['openid', 'guid']), undefined)), []);
  });
});

describe('claimsToRelease: one ID token or UserInfo response', () => {
  it('releases the claims of granted scopes within the registration', () => {
    assert.deepEqual(sorted(claimsToRelease('openid profile email', 'openid email', undefined)), [
      'email',
      'email_verified',
      'sub',
    ]);
  });

  it('ignores granted scopes the client is no longer registered for', () => {
    assert.deepEqual(sorted(claimsToRelease('openid', 'openid personid phone', undefined)), ['sub']);
    assert.deepEqual(claimsToRelease(undefined, undefined, undefined), []);
  });

  it('adds claims requested by name only when the registration allows them', () => {
    assert.deepEqual(
      sorted(
        claimsToRelease('openid email guid', 'openid', {
          guid: null,
          personid: { essential: true },
          acr: null,
        }),
      ),
      ['acr', 'guid', 'sub'],
    );
  });
});

describe('narrowClaimsRequest: the claims parameter', () => {
  it('drops, per target, what the client may not receive and keeps the rest as asked', () => {
    const allowed = releasableClaims('openid email');
    assert.deepEqual(
      narrowClaimsRequest(
        {
          id_token: { email: { essential: true }, personid: null, acr: { values: ['x'] } },
          userinfo: { phone_number: null, email_verified: null },
        },
        allowed,
      ),
      {
        id_token: { email: { essential: true }, acr: { values: ['x'] } },
        userinfo: { email_verified: null },
      },
    );
  });

  it('adds no target that was not asked for', () => {
    assert.deepEqual(narrowClaimsRequest({}, releasableClaims('openid')), {});
    assert.deepEqual(narrowClaimsRequest({ userinfo: { personid: null } }, releasableClaims('openid')), {
      userinfo: {},
    });
  });
});
