import { importJWK } from 'jose';
import {
  ClientSecretBasic,
  ClientSecretPost,
  None,
  PrivateKeyJwt,
  type ClientAuth,
  type CryptoKey,
} from 'openid-client';
import type { ProviderConfig } from './provider-config.js';
import { RelyingPartyError } from './relying-party.errors.js';

/** openid-client's client authentication for a provider's configured method. */
export async function clientAuthFor(p: ProviderConfig): Promise<ClientAuth> {
  switch (p.authMethod) {
    case 'client_secret_basic':
      return ClientSecretBasic(p.clientSecret);
    case 'client_secret_post':
      return ClientSecretPost(p.clientSecret);
    case 'none':
      return None();
    case 'private_key_jwt': {
      const jwk = p.privateKeyJwk!;
      const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256');
      let key: CryptoKey;
      try {
        key = (await importJWK(jwk, alg)) as CryptoKey;
      } catch {
        throw new RelyingPartyError(
          'provider_config_invalid',
          `${p.id}: privateKeyJwk is not a usable private key`,
          {
            provider: p.id,
            reason: 'privateKeyJwk',
          },
        );
      }
      return PrivateKeyJwt({ key, kid: jwk.kid });
    }
  }
}
