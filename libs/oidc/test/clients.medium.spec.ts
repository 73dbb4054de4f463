import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientRepository, CreateClientUseCase, OidcModule, oidcRedisPrefix } from '#oidc';
import { APP_CONFIG, type AppConfig } from '#platform';
import { identityCoreContext, type TestContext } from '#test-support';

describe('client registration (MariaDB)', () => {
  let t: TestContext;
  let create: CreateClientUseCase;
  before(async () => {
    t = await identityCoreContext({
      imports: [
        OidcModule.forManagement({
          inject: [APP_CONFIG as never],
          useFactory: (c: AppConfig) => ({ redisPrefix: oidcRedisPrefix(c.redisPrefix) }),
        }) as never,
      ],
    });
    create = t.app.get(CreateClientUseCase);
  });
  after(() => t.close());

  const register = (uri: string, field: 'redirectUris' | 'postLogoutRedirectUris' | 'backchannelLogoutUri') =>
    create.execute({
      name: 'RP',
      redirectUris: field === 'redirectUris' ? [uri] : ['https://rp.example.edu.tw/cb'],
      ...(field === 'postLogoutRedirectUris' ? { postLogoutRedirectUris: [uri] } : {}),
      ...(field === 'backchannelLogoutUri' ? { backchannelLogoutUri: uri } : {}),
      actor: 'test',
    });

  it('allows http only to this machine: look-alike hosts are refused, for every registered URI', async () => {
    for (const field of ['redirectUris', 'postLogoutRedirectUris', 'backchannelLogoutUri'] as const) {
      for (const uri of [
        'http://localhost.evil.example/cb',
        'http://127.0.0.1.evil.example/cb',
        'http://localhost@evil.example/cb',
        'http://localhost:3000@evil.example/cb',
        'http://evil.example/http://localhost/cb',
        'http://evil.example:80/localhost/cb',
        'https://rp.example.edu.tw/cb#fragment',
        'javascript:alert(1)//http://localhost/',
        'not a url',
      ])
        await assert.rejects(register(uri, field), { code: 'validation_failed' }, `${field}: ${uri}`);
      for (const uri of [
        'http://localhost/cb',
        'http://localhost:3002/cb',
        'http://127.0.0.1:8080/cb',
        'http://[::1]:8080/cb',
        'https://rp.example.edu.tw/cb',
      ])
        assert.ok((await register(uri, field)).client.clientId, `${field}: ${uri}`);
    }
  });

  it('gives the engine personid only while the client is approved for it, and never an empty scope', async () => {
    const { client } = await create.execute({
      name: '核准系統',
      redirectUris: ['https://rp.example.edu.tw/cb'],
      scopes: ['openid', 'personid', 'guid'],
      approvePersonid: true,
      actor: 'test',
    });
    const repo = t.app.get(ClientRepository);
    assert.equal(
      (await repo.providerMetadata(client.clientId))!.scope,
      'openid personid guid offline_access',
    );
    client.personidApproved = false;
    await repo.save(client);
    assert.equal((await repo.providerMetadata(client.clientId))!.scope, 'openid guid offline_access');
    client.metadata = { ...client.metadata, scope: '' };
    await repo.save(client);
    assert.equal((await repo.providerMetadata(client.clientId))!.scope, 'openid');
  });
});
