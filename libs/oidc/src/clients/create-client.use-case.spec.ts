import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ValidationFailed, type AuditRecord, type AuditService, type PiiService } from '#identity-core';
import type { ClientRepository } from './client.repository.js';
import { CreateClientUseCase, type CreateClientCommand } from './create-client.use-case.js';
import type { OidcClientEntity } from './oidc-client.entity.js';

const pii = { encrypt: (v: string) => `enc(${v})` } as unknown as PiiService;

describe('CreateClientUseCase', () => {
  let saved: OidcClientEntity[];
  let audits: AuditRecord[];
  let useCase: CreateClientUseCase;

  beforeEach(() => {
    saved = [];
    audits = [];
    useCase = new CreateClientUseCase(
      { save: async (c: OidcClientEntity) => (saved.push(c), c) } as unknown as ClientRepository,
      pii,
      { record: async (r: AuditRecord) => void audits.push(r) } as unknown as AuditService,
    );
  });

  const create = (over: Partial<CreateClientCommand> = {}) =>
    useCase.execute({
      name: ' 校務系統 ',
      redirectUris: ['https://rp.example.tw/cb'],
      actor: 'admin:root',
      ...over,
    });

  /** The problems a command is refused with, and proof that nothing was stored. */
  const problems = async (over: Partial<CreateClientCommand>) => {
    saved = [];
    audits = [];
    const e = await create(over).then(
      () => assert.fail(`accepted ${JSON.stringify(over)}`),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ValidationFailed);
    assert.deepEqual(saved, []);
    assert.deepEqual(audits, []);
    return e.problems;
  };

  it('registers a confidential client with a random id and a secret shown once, stored encrypted', async () => {
    const { client, secret } = await create();
    assert.match(client.clientId, /^[0-9a-f]{32}$/);
    assert.match(secret!, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(client.secretCipher, `enc(${secret})`);
    assert.equal(client.name, '校務系統');
    assert.equal(client.firstParty, false);
    assert.equal(client.personidApproved, false);
    assert.equal(client.enabled, true);
    assert.deepEqual(client.metadata, {
      redirect_uris: ['https://rp.example.tw/cb'],
      post_logout_redirect_uris: [],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'openid profile email offline_access',
      id_token_signed_response_alg: 'RS256',
    });
    assert.deepEqual(saved, [client]);
    assert.deepEqual(audits, [
      {
        actor: 'admin:root',
        action: 'client.create',
        target: `client:${client.clientId}`,
        result: 'success',
        details: { name: '校務系統', scope: 'openid profile email offline_access', personidApproved: false },
      },
    ]);
    const other = await create();
    assert.notEqual(other.client.clientId, client.clientId);
    assert.notEqual(other.secret, secret);
  });

  it('public clients have no secret', async () => {
    const { client, secret } = await create({ public: true, tokenEndpointAuthMethod: 'client_secret_post' });
    assert.equal(secret, null);
    assert.equal(client.secretCipher, null);
    assert.equal(client.metadata['token_endpoint_auth_method'], 'none');
  });

  it('client_secret_post gets a secret; private_key_jwt a JWKS URI and no secret', async () => {
    const post = await create({ tokenEndpointAuthMethod: 'client_secret_post' });
    assert.match(post.secret!, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(post.client.metadata['token_endpoint_auth_method'], 'client_secret_post');
    const jwt = await create({
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwksUri: 'https://rp.example.tw/jwks',
    });
    assert.equal(jwt.secret, null);
    assert.equal(jwt.client.secretCipher, null);
    assert.equal(jwt.client.metadata['jwks_uri'], 'https://rp.example.tw/jwks');
    assert.deepEqual(await problems({ tokenEndpointAuthMethod: 'private_key_jwt' }), [
      { field: 'jwksUri', code: 'required' },
    ]);
  });

  it('accepts https redirect URIs, and http only for localhost and 127.0.0.1', async () => {
    const ok = [
      'https://rp.example.tw/cb',
      'https://rp.example.tw:8443/a/b?x=1',
      'http://localhost/cb',
      'http://localhost:3000/cb',
      'http://localhost',
      'http://127.0.0.1:8080/',
    ];
    const { client } = await create({ redirectUris: ok, postLogoutRedirectUris: ok });
    assert.deepEqual(client.metadata['redirect_uris'], ok);
    assert.deepEqual(client.metadata['post_logout_redirect_uris'], ok);
  });

  it('without loopbackHttp (the portal in production) even localhost needs https', async () => {
    assert.deepEqual(await problems({ redirectUris: ['http://localhost/cb'], loopbackHttp: false }), [
      { field: 'redirectUri', code: 'format' },
    ]);
    const { client } = await create({ redirectUris: ['https://localhost/cb'], loopbackHttp: false });
    assert.deepEqual(client.metadata['redirect_uris'], ['https://localhost/cb']);
  });

  it('refuses other redirect URIs, including hosts that only start like localhost', async () => {
    for (const uri of [
      'http://localhost.evil.example/cb',
      'http://localhost@evil.example/cb',
      'http://127.0.0.1.evil.example/cb',
      'http://localhost:3000.evil.example/cb',
      'http://rp.example.tw/cb',
      'https://rp.example.tw/cb#fragment',
      'ftp://rp.example.tw/cb',
      'javascript:alert(1)',
      'not a url',
      'http://evil.example/http://localhost/cb',
    ]) {
      assert.deepEqual(
        await problems({ redirectUris: [uri] }),
        [{ field: 'redirectUri', code: 'format' }],
        uri,
      );
      assert.deepEqual(
        await problems({ postLogoutRedirectUris: ['https://rp.example.tw/bye', uri] }),
        [{ field: 'postLogoutRedirectUri', code: 'format' }],
        uri,
      );
      assert.deepEqual(
        await problems({ backchannelLogoutUri: uri }),
        [{ field: 'backchannelLogoutUri', code: 'format' }],
        uri,
      );
    }
    // One bad URI among good ones is enough.
    assert.deepEqual(
      await problems({ redirectUris: ['https://rp.example.tw/cb', 'http://evil.example/cb'] }),
      [{ field: 'redirectUri', code: 'format' }],
    );
  });

  it('needs a redirect URI unless the client only uses client_credentials', async () => {
    assert.deepEqual(await problems({ redirectUris: [] }), [{ field: 'redirectUri', code: 'required' }]);
    assert.deepEqual(
      await problems({ redirectUris: [], grantTypes: ['client_credentials', 'authorization_code'] }),
      [{ field: 'redirectUri', code: 'required' }],
    );
    const { client, secret } = await create({ redirectUris: [], grantTypes: ['client_credentials'] });
    assert.ok(secret);
    assert.deepEqual(client.metadata['grant_types'], ['client_credentials']);
    assert.deepEqual(client.metadata['response_types'], []);
    assert.equal(client.metadata['scope'], 'openid profile email', 'no refresh token, no offline_access');
  });

  it('names are required and at most 128 characters', async () => {
    for (const name of ['', '   ', 'x'.repeat(129)])
      assert.deepEqual(await problems({ name }), [{ field: 'name', code: 'format' }], name);
    assert.equal((await create({ name: 'x'.repeat(128) })).client.name, 'x'.repeat(128));
  });

  it('takes only supported scopes, adds offline_access for refresh tokens once', async () => {
    const { client } = await create({ scopes: ['openid', 'eduinfo', 'offline_access'] });
    assert.equal(client.metadata['scope'], 'openid eduinfo offline_access');
    assert.deepEqual(await problems({ scopes: ['openid', 'admin'] }), [
      { field: 'scopes', code: 'unsupported' },
    ]);
    const noRefresh = await create({ scopes: ['openid'], grantTypes: ['authorization_code'] });
    assert.equal(noRefresh.client.metadata['scope'], 'openid');
  });

  it('the personid scope needs an administrator approval, which is recorded', async () => {
    assert.deepEqual(await problems({ scopes: ['openid', 'personid'] }), [
      { field: 'scopes', code: 'personid_needs_approval' },
    ]);
    const { client } = await create({ scopes: ['openid', 'personid'], approvePersonid: true });
    assert.equal(client.personidApproved, true);
    assert.equal(client.metadata['scope'], 'openid personid offline_access');
  });

  it('a public client cannot use client_credentials', async () => {
    assert.deepEqual(
      await problems({ public: true, grantTypes: ['authorization_code', 'client_credentials'] }),
      [{ field: 'public', code: 'no_client_credentials' }],
    );
  });

  it('reports every problem at once', async () => {
    assert.deepEqual(
      await problems({
        name: '',
        redirectUris: ['http://evil.example/cb'],
        postLogoutRedirectUris: ['http://evil.example/'],
        backchannelLogoutUri: 'http://evil.example/bc',
        scopes: ['personid', 'nope'],
        public: true,
        grantTypes: ['client_credentials'],
        tokenEndpointAuthMethod: 'private_key_jwt',
      }),
      [
        { field: 'name', code: 'format' },
        { field: 'redirectUri', code: 'format' },
        { field: 'postLogoutRedirectUri', code: 'format' },
        { field: 'backchannelLogoutUri', code: 'format' },
        { field: 'scopes', code: 'unsupported' },
        { field: 'scopes', code: 'personid_needs_approval' },
        { field: 'public', code: 'no_client_credentials' },
        { field: 'jwksUri', code: 'required' },
      ],
    );
  });

  it('first-party clients and back-channel logout are recorded as asked', async () => {
    const { client } = await create({ firstParty: true, backchannelLogoutUri: 'https://rp.example.tw/bc' });
    assert.equal(client.firstParty, true);
    assert.equal(client.metadata['backchannel_logout_uri'], 'https://rp.example.tw/bc');
    assert.equal(client.metadata['backchannel_logout_session_required'], true);
  });
});
