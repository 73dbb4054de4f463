import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { AccountEntity, PiiService } from '#identity-core';
import {
  authorizeBearer,
  releaseScopesToBearer,
  releaseToBearer,
  type ReleaseSources,
} from './resource-release.js';

const ACCOUNT = {
  id: '41',
  sub: 'sub-41',
  status: 'active',
  nationalIdCipher: 'enc(A123456789)',
  affiliations: [],
} as unknown as AccountEntity;

type Token = Awaited<ReturnType<ReleaseSources['findAccessToken']>>;

describe('releaseToBearer: the resource APIs', () => {
  let tokens: Map<string, Token>;
  let grants: Set<string>;
  let clients: Map<string, { scope?: string }>;
  let accounts: Map<string, AccountEntity>;
  let asked: string[];
  let src: ReleaseSources;

  beforeEach(() => {
    tokens = new Map([
      [
        'tok-1',
        {
          isExpired: false,
          accountId: 'sub-41',
          grantId: 'g1',
          clientId: 'rp1',
          scopes: new Set(['openid', 'personid', 'guid']),
        },
      ],
    ]);
    grants = new Set(['g1']);
    clients = new Map([['rp1', { scope: 'openid personid guid' }]]);
    accounts = new Map([['sub-41', ACCOUNT]]);
    asked = [];
    src = {
      findAccessToken: async (t) => (asked.push(t), tokens.get(t)),
      findGrant: async (g) => (grants.has(g) ? { grantId: g } : undefined),
      findClient: async (c) => clients.get(c),
      findAccount: async (s) => accounts.get(s) ?? null,
      pii: {
        decrypt: (c: string) => c.replace(/^enc\((.*)\)$/, '$1'),
        guid: (id: string) => `guid(${id})`,
      } as unknown as PiiService,
      issuer: 'https://sso.example.tw',
    };
  });

  it('releases exactly the claims of the asked scope, without sub', async () => {
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'personid'), {
      released: { sub: 'sub-41', personid: 'A123456789' },
    });
    assert.deepEqual(await releaseToBearer(src, 'bearer tok-1', 'guid'), {
      released: { sub: 'sub-41', guid: 'guid(A123456789)' },
    });
  });

  it('accepts only a well-formed Bearer header, and looks nothing else up', async () => {
    tokens.set('a.b~c+d/e-f_g==', tokens.get('tok-1'));
    assert.ok('released' in (await releaseToBearer(src, 'Bearer a.b~c+d/e-f_g==', 'personid')));
    for (const header of [
      undefined,
      '',
      'tok-1',
      'Basic tok-1',
      'Bearer  tok-1',
      'Bearer tok-1 ',
      ' Bearer tok-1',
      'Bearer tok 1',
      'Bearer =tok',
      'xBearer tok-1',
      'Bearer tok-1\nX: y',
    ])
      assert.deepEqual(
        await releaseToBearer(src, header, 'personid'),
        { refused: 'invalid_token' },
        String(header),
      );
    assert.deepEqual(asked, ['a.b~c+d/e-f_g==']);
  });

  it('refuses an unknown, expired or client-only token as invalid', async () => {
    assert.deepEqual(await releaseToBearer(src, 'Bearer nope', 'personid'), { refused: 'invalid_token' });
    tokens.set('old', { ...tokens.get('tok-1')!, isExpired: true });
    assert.deepEqual(await releaseToBearer(src, 'Bearer old', 'personid'), { refused: 'invalid_token' });
    tokens.set('cc', { ...tokens.get('tok-1')!, accountId: undefined });
    assert.deepEqual(await releaseToBearer(src, 'Bearer cc', 'personid'), { refused: 'invalid_token' });
  });

  it('refuses a token whose grant was revoked, or that has none, or whose client is gone', async () => {
    grants.clear();
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'personid'), { refused: 'invalid_token' });
    grants.add('g1');
    tokens.set('nogrant', { ...tokens.get('tok-1')!, grantId: undefined });
    assert.deepEqual(await releaseToBearer(src, 'Bearer nogrant', 'personid'), { refused: 'invalid_token' });
    clients.clear();
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'personid'), { refused: 'invalid_token' });
  });

  it('refuses a scope the token was not granted, or the client may no longer receive', async () => {
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'eduinfo'), {
      refused: 'insufficient_scope',
    });
    // The approval for personid was withdrawn after the token was issued.
    clients.set('rp1', { scope: 'openid guid' });
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'personid'), {
      refused: 'insufficient_scope',
    });
    assert.ok('released' in (await releaseToBearer(src, 'Bearer tok-1', 'guid')));
  });

  it('refuses a token of an account that is gone or no longer active', async () => {
    accounts.set('sub-41', { ...ACCOUNT, status: 'disabled' } as AccountEntity);
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'personid'), { refused: 'invalid_token' });
    accounts.clear();
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'personid'), { refused: 'invalid_token' });
  });

  it('answers not found when the account has no value for the scope', async () => {
    accounts.set('sub-41', { ...ACCOUNT, nationalIdCipher: null } as AccountEntity);
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'personid'), { refused: 'not_found' });
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'guid'), { refused: 'not_found' });
  });

  it('answers the openid scope (only sub) as not found rather than an empty document', async () => {
    assert.deepEqual(await releaseToBearer(src, 'Bearer tok-1', 'openid'), { refused: 'not_found' });
  });

  it('releases a scope when the account has some of its claims, leaving out the missing ones', async () => {
    tokens.set('prof', { ...tokens.get('tok-1')!, scopes: new Set(['openid', 'profile']) });
    clients.set('rp1', { scope: 'openid profile' });
    const partial = { ...ACCOUNT, displayName: '林小明', givenName: null, familyName: null, username: 'lin' };
    accounts.set('sub-41', partial as AccountEntity);
    assert.deepEqual(await releaseToBearer(src, 'Bearer prof', 'profile'), {
      released: {
        sub: 'sub-41',
        name: '林小明',
        given_name: undefined,
        family_name: undefined,
        preferred_username: 'lin',
      },
    });
  });

  it('authorizeBearer (the relation API): the account, once the token may read the scope', async () => {
    tokens.set('rel', { ...tokens.get('tok-1')!, scopes: new Set(['openid', 'relation', 'guid']) });
    clients.set('rp1', { scope: 'openid relation guid' });
    const access = await authorizeBearer(src, 'Bearer rel', 'relation');
    assert.ok('account' in access && access.account.sub === 'sub-41');
    assert.deepEqual(await authorizeBearer(src, 'Bearer tok-1', 'relation'), {
      refused: 'insufficient_scope',
    });
    // The client dropped the scope from its registration: granted tokens stop reading it.
    clients.set('rp1', { scope: 'openid guid' });
    assert.deepEqual(await authorizeBearer(src, 'Bearer rel', 'relation'), { refused: 'insufficient_scope' });
    assert.deepEqual(await authorizeBearer(src, 'Bearer nope', 'relation'), { refused: 'invalid_token' });
  });

  it('releaseScopesToBearer (the profile API): needs its scope, then only claims of granted, registered scopes', async () => {
    const profiled = {
      ...ACCOUNT,
      displayName: '林小明',
      username: 'lin',
      email: 'lin@example.tw',
      emailVerified: true,
      updatedAt: new Date('2026-11-30T00:00:00Z'),
    };
    accounts.set('sub-41', profiled as unknown as AccountEntity);
    tokens.set('p', {
      ...tokens.get('tok-1')!,
      scopes: new Set(['openid', 'profile', 'email', 'syncdata', 'personid']),
    });
    clients.set('rp1', { scope: 'openid profile syncdata personid' }); // email no longer registered
    assert.deepEqual(
      await releaseScopesToBearer(src, 'Bearer p', 'profile', ['openid', 'profile', 'email', 'syncdata']),
      {
        released: {
          sub: 'sub-41',
          name: '林小明',
          preferred_username: 'lin',
          updated_at: Date.UTC(2026, 10, 30) / 1000,
        },
      },
    );
    assert.deepEqual(await releaseScopesToBearer(src, 'Bearer tok-1', 'profile', ['openid', 'profile']), {
      refused: 'insufficient_scope',
    });
  });
});
