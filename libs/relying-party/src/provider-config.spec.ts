import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertProviderConfig,
  type OAuth2ProviderConfig,
  type OidcProviderConfig,
} from './provider-config.js';

const kaohsiung: OidcProviderConfig = {
  id: 'kh',
  kind: 'oidc',
  issuer: 'https://kh.sso.edu.tw',
  clientId: 'edu-sso',
  clientSecret: 'secret',
  authMethod: 'client_secret_post',
  scopes: ['openid', 'kh_profile', 'kh_titles'],
};
const taipei: OAuth2ProviderConfig = {
  id: 'tp',
  kind: 'oauth2',
  clientId: '12',
  clientSecret: 'secret',
  authMethod: 'client_secret_basic',
  scopes: ['me', 'email', 'user', 'idno', 'profile', 'account', 'school'],
  endpoints: {
    authorization: 'https://ldap.tp.edu.tw/oauth/authorize',
    token: 'https://ldap.tp.edu.tw/oauth/token',
    profile: ['https://ldap.tp.edu.tw/api/v2/me', 'https://ldap.tp.edu.tw/api/v2/profile'],
  },
  subjectClaim: 'uuid',
};

describe('assertProviderConfig', () => {
  it('accepts configurations of both kinds, and survives JSON', () => {
    assertProviderConfig(kaohsiung);
    assertProviderConfig(JSON.parse(JSON.stringify(taipei)));
    assertProviderConfig({ ...kaohsiung, authMethod: 'none', clientSecret: undefined });
  });

  it('names every problem at once', () => {
    assert.throws(
      () =>
        assertProviderConfig({
          ...kaohsiung,
          id: 'k h',
          issuer: 'not a url',
          clientSecret: '',
          scopes: ['openid profile'],
        }),
      {
        code: 'provider_config_invalid',
        details: { provider: 'k h', reason: 'id,clientSecret,scopes,issuer' },
      },
    );
    assert.throws(
      () => assertProviderConfig({ ...taipei, endpoints: { ...taipei.endpoints, profile: [] } }),
      {
        details: { provider: 'tp', reason: 'endpoints.profile' },
      },
    );
    assert.throws(() => assertProviderConfig({ ...kaohsiung, authMethod: 'private_key_jwt' }), {
      details: { provider: 'kh', reason: 'privateKeyJwk' },
    });
    assert.throws(() => assertProviderConfig({ ...kaohsiung, kind: 'saml' } as never), {
      details: { provider: 'kh', reason: 'kind' },
    });
  });
});
