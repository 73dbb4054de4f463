import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { AccountEntity, PiiService } from '#identity-core';
import {
  RecentAccounts,
  accountFinder,
  corsAllowed,
  essentialAcrValues,
  expiresWithSession,
  loadExistingGrant,
  mayRevoke,
  needsStepUp,
  ownTokenOnly,
  pinToIssuer,
  pkceRequired,
} from './provider-policies.js';

describe('token policies', () => {
  it('lets a client introspect and revoke its own tokens only', () => {
    assert.equal(ownTokenOnly({ clientId: 'rp1' }, { clientId: 'rp1' }), true);
    assert.equal(ownTokenOnly({ clientId: 'rp1' }, { clientId: 'rp2' }), false);
    assert.equal(ownTokenOnly({ clientId: 'rp1' }, {}), false);
    assert.equal(mayRevoke({ clientId: 'rp1' }, { clientId: 'rp1' }), true);
    assert.throws(
      () => mayRevoke({ clientId: 'rp1' }, { clientId: 'rp2' }),
      (e: unknown) =>
        e instanceof errors.UnauthorizedClient &&
        e.error_description === 'the token was not issued to this client',
    );
  });

  it('requires PKCE of public clients only', () => {
    assert.equal(pkceRequired({ clientAuthMethod: 'none' }), true);
    for (const m of ['client_secret_basic', 'client_secret_post', 'private_key_jwt'])
      assert.equal(pkceRequired({ clientAuthMethod: m }), false, m);
  });

  it('ends tokens with the session unless offline_access was granted', () => {
    assert.equal(expiresWithSession(new Set(['openid', 'profile'])), true);
    assert.equal(expiresWithSession(new Set(['openid', 'offline_access'])), false);
  });

  it('allows cross-origin calls only from the origins of the client’s redirect URIs', () => {
    const uris = ['https://app.example.tw/cb', 'http://localhost:5173/cb'];
    assert.equal(corsAllowed('https://app.example.tw', uris), true);
    assert.equal(corsAllowed('http://localhost:5173', uris), true);
    for (const o of ['https://evil.example', 'http://app.example.tw', 'https://app.example.tw:8443', 'null'])
      assert.equal(corsAllowed(o, uris), false, o);
    assert.equal(corsAllowed('https://app.example.tw', undefined), false);
    assert.equal(corsAllowed('https://app.example.tw', []), false);
  });
});

describe('RecentAccounts', () => {
  const account = (sub: string) => ({ sub, status: 'active' }) as AccountEntity;

  it('reuses a lookup for two seconds, then asks again (a disabled account stops quickly)', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    const loads: string[] = [];
    const recent = new RecentAccounts(async (sub) => (loads.push(sub), account(sub)));
    await recent.get('a');
    t.mock.timers.tick(1_999);
    await recent.get('a');
    assert.deepEqual(loads, ['a']);
    t.mock.timers.tick(1);
    await recent.get('a');
    assert.deepEqual(loads, ['a', 'a']);
    await recent.get('b');
    assert.deepEqual(loads, ['a', 'a', 'b'], 'per account');
  });

  it('forgets a failed lookup at once', async () => {
    let fail = true;
    const recent = new RecentAccounts(async (sub) => {
      if (fail) throw new Error('mysql gone');
      return account(sub);
    });
    await assert.rejects(recent.get('a'), /mysql gone/);
    await new Promise((r) => setImmediate(r));
    fail = false;
    assert.equal((await recent.get('a'))?.sub, 'a');
  });

  it('holds at most 10 000 accounts', async (t) => {
    // The clock stands still: on a busy machine 10 000 lookups can outlast the 2 s reuse.
    t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    const loads: string[] = [];
    const recent = new RecentAccounts(async (sub) => (loads.push(sub), account(sub)));
    for (let i = 0; i < 10_000; i++) await recent.get(`s${i}`);
    await recent.get('s0');
    assert.equal(loads.length, 10_000, 'all 10 000 still held');
    await recent.get('one-more');
    await recent.get('s1');
    assert.equal(loads.at(-1), 's1', 'the 10 001st cleared the others');
  });
});

describe('accountFinder', () => {
  const pii = { decrypt: (c: string) => c, guid: (id: string) => `guid(${id})` } as unknown as PiiService;
  const ctx = (scope?: string) =>
    ({ oidc: { client: scope === undefined ? undefined : { scope } } }) as unknown as KoaContextWithOIDC;
  const finder = (a: Partial<AccountEntity> | null) =>
    accountFinder({
      accounts: new RecentAccounts(async () => (a ? ({ sub: 'sub-1', ...a } as AccountEntity) : null)),
      pii,
      issuer: 'https://sso.example.tw',
    });

  it('finds only an active account', async () => {
    assert.equal(await finder(null)(ctx('openid'), 'sub-1'), undefined);
    for (const status of ['disabled', 'locked', 'pending'] as const)
      assert.equal(await finder({ status })(ctx('openid'), 'sub-1'), undefined, status);
    assert.equal((await finder({ status: 'active' })(ctx('openid'), 'sub-1'))?.accountId, 'sub-1');
  });

  it('releases claims through the release policy of the client', async () => {
    const a = {
      status: 'active',
      email: 'a@example.tw',
      emailVerified: true,
      nationalIdCipher: 'A123456789',
    } as const;
    const found = await finder(a)(ctx('openid email'), 'sub-1');
    assert.deepEqual(await found!.claims('id_token', 'openid email personid', { personid: null }, []), {
      sub: 'sub-1',
      email: 'a@example.tw',
      email_verified: true,
    });
    const noClient = await finder(a)(ctx(), 'sub-1');
    assert.deepEqual(
      await noClient!.claims('userinfo', 'openid email', {}, []),
      { sub: 'sub-1' },
      'no client: sub only',
    );
  });
});

describe('pinToIssuer', () => {
  it('pins Host to the issuer and drops a forwarded host', () => {
    const headers: Record<string, string> = {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'http',
    };
    pinToIssuer(headers, new URL('https://sso.example.tw:8443/'), false);
    assert.deepEqual(headers, { host: 'sso.example.tw:8443', 'x-forwarded-proto': 'http' });
  });

  it('behind a trusted proxy, pins the forwarded protocol to the issuer’s too', () => {
    const headers: Record<string, string> = { host: 'x', 'x-forwarded-proto': 'http' };
    pinToIssuer(headers, new URL('https://sso.example.tw/'), true);
    assert.deepEqual(headers, { host: 'sso.example.tw', 'x-forwarded-proto': 'https' });
  });
});

describe('essentialAcrValues', () => {
  const prompt = (name: string, reasons: string[], acr?: unknown) => ({ name, reasons, details: { acr } });

  it('names the essential acr values the login must reach', () => {
    assert.deepEqual(
      essentialAcrValues(prompt('login', ['essential_acrs'], { values: ['urn:a', 'urn:b', 3] })),
      ['urn:a', 'urn:b'],
    );
    assert.deepEqual(
      essentialAcrValues(prompt('login', ['no_session', 'essential_acr'], { value: 'urn:a' })),
      ['urn:a'],
    );
    assert.deepEqual(essentialAcrValues(prompt('login', ['essential_acr'], { value: 7 })), []);
    assert.deepEqual(essentialAcrValues(prompt('login', ['essential_acr'])), []);
  });

  it('is undefined when nothing essential was asked, or the prompt is not a login', () => {
    assert.equal(essentialAcrValues(prompt('login', ['no_session'], { value: 'urn:a' })), undefined);
    assert.equal(essentialAcrValues(prompt('consent', ['essential_acr'], { value: 'urn:a' })), undefined);
  });
});

describe('loadExistingGrant', () => {
  /** The engine's Grant, reduced to what the policy uses; records saves. */
  class FakeGrant {
    static stored = new Map<string, FakeGrant>();
    static saves: string[] = [];
    static async find(id: string) {
      return FakeGrant.stored.get(id);
    }
    openid: { scope?: string; claims?: string[] } = {};
    constructor(readonly init: { clientId: string; accountId: string }) {}
    addOIDCScope(scope: string) {
      const all = new Set([...(this.openid.scope?.split(' ') ?? []), ...scope.split(' ')]);
      this.openid = { ...this.openid, scope: [...all].join(' ') };
    }
    addOIDCClaims(claims: string[]) {
      this.openid = { ...this.openid, claims: [...new Set([...(this.openid.claims ?? []), ...claims])] };
    }
    async save() {
      FakeGrant.saves.push(JSON.stringify(this.openid));
      return 'saved-id';
    }
  }
  const existing = () => {
    const g = new FakeGrant({ clientId: 'rp1', accountId: 'sub-1' });
    g.openid = { scope: 'openid profile' };
    return g;
  };
  const ctx = (o: {
    firstParty?: boolean;
    grantFor?: string;
    consentGrant?: string;
    scope?: string;
    claims?: object;
    noSession?: boolean;
    noClient?: boolean;
    noParams?: boolean;
    loginResult?: boolean;
  }) =>
    ({
      oidc: {
        client: o.noClient
          ? undefined
          : { clientId: 'rp1', metadata: () => (o.firstParty ? { first_party: true } : {}) },
        session: o.noSession
          ? undefined
          : { accountId: 'sub-1', grantIdFor: (id: string) => (id === 'rp1' ? o.grantFor : undefined) },
        provider: { Grant: FakeGrant },
        result: o.consentGrant
          ? { consent: { grantId: o.consentGrant } }
          : o.loginResult
            ? { login: { accountId: 'sub-1' } }
            : undefined,
        params: o.noParams ? undefined : { scope: o.scope },
        claims: o.claims ?? {},
      },
    }) as unknown as KoaContextWithOIDC;

  const reset = () => {
    FakeGrant.stored = new Map([['g-old', existing()]]);
    FakeGrant.saves = [];
  };

  it('gives a third-party client only the grant the user consented to', async () => {
    reset();
    assert.equal(await loadExistingGrant(ctx({ scope: 'openid profile email' })), undefined);
    assert.equal(
      await loadExistingGrant(ctx({ grantFor: 'g-old', scope: 'openid email' })),
      FakeGrant.stored.get('g-old'),
    );
    assert.equal(
      await loadExistingGrant(ctx({ consentGrant: 'g-old', grantFor: 'g-x' })),
      FakeGrant.stored.get('g-old'),
    );
    // Right after the login step the result holds a login and no consent yet.
    assert.equal(
      await loadExistingGrant(ctx({ loginResult: true, grantFor: 'g-old' })),
      FakeGrant.stored.get('g-old'),
    );
    assert.deepEqual(FakeGrant.stored.get('g-old')!.openid, { scope: 'openid profile' }, 'not widened');
    assert.deepEqual(FakeGrant.saves, []);
  });

  it('has no grant without a client or a signed-in account', async () => {
    reset();
    assert.equal(await loadExistingGrant(ctx({ firstParty: true, noSession: true })), undefined);
    assert.equal(await loadExistingGrant(ctx({ firstParty: true, noClient: true })), undefined);
  });

  it('grants a first-party client what it asks for, and writes only a new or grown grant', async () => {
    reset();
    const fresh = (await loadExistingGrant(
      ctx({
        firstParty: true,
        scope: 'openid email',
        claims: { id_token: { acr: null }, userinfo: { email: null } },
      }),
    )) as unknown as FakeGrant;
    assert.deepEqual(fresh.init, { clientId: 'rp1', accountId: 'sub-1' });
    assert.deepEqual(fresh.openid, { scope: 'openid email', claims: ['acr', 'email'] });
    assert.equal(FakeGrant.saves.length, 1);
    const same = await loadExistingGrant(
      ctx({ firstParty: true, grantFor: 'g-old', scope: 'openid profile' }),
    );
    assert.equal(same, FakeGrant.stored.get('g-old'));
    assert.equal(FakeGrant.saves.length, 1, 'unchanged: not written');
    await loadExistingGrant(ctx({ firstParty: true, grantFor: 'g-old', scope: 'openid phone' }));
    assert.deepEqual(FakeGrant.saves.at(-1), JSON.stringify({ scope: 'openid profile phone' }));
    const bare = (await loadExistingGrant(ctx({ firstParty: true }))) as unknown as FakeGrant;
    assert.deepEqual(bare.openid, { scope: 'openid' }, 'no scope asked: openid');
    const noParams = (await loadExistingGrant(
      ctx({ firstParty: true, noParams: true }),
    )) as unknown as FakeGrant;
    assert.deepEqual(noParams.openid, { scope: 'openid' });
  });
});

describe('needsStepUp', () => {
  const MFA = 'urn:edu-sso:acr:mfa';
  const pwdSession = { accountId: 'sub-1', acr: 'urn:edu-sso:acr:password' };
  it('signs in again when the RP asks for mfa and the session reached less', () => {
    assert.equal(needsStepUp(MFA, pwdSession, false, MFA), true);
    assert.equal(needsStepUp(`urn:edu-sso:acr:password ${MFA}`, pwdSession, false, MFA), true);
  });
  it('not for an mfa session, without a session, without the request, or right after the login it caused', () => {
    assert.equal(needsStepUp(MFA, { accountId: 'sub-1', acr: MFA }, false, MFA), false);
    assert.equal(needsStepUp(MFA, {}, false, MFA), false);
    assert.equal(needsStepUp(undefined, pwdSession, false, MFA), false);
    assert.equal(needsStepUp('urn:edu-sso:acr:password', pwdSession, false, MFA), false);
    assert.equal(needsStepUp(MFA, pwdSession, true, MFA), false);
  });
});
