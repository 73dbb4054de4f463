export { RelyingPartyModule } from './relying-party.module.js';
export { RelyingPartyService } from './relying-party.service.js';
export { OidcClientRepository } from './oidc-client.repository.js';
export { LogoutTokenVerifier, type LogoutNotice } from './logout-token.verifier.js';
export { OAuth2ClientRepository } from './oauth2-client.repository.js';
export { RELYING_PARTY_OPTIONS, type RelyingPartyOptions } from './relying-party.options.js';
export {
  assertProviderConfig,
  type ClientAuthMethod,
  type OAuth2ProviderConfig,
  type OidcProviderConfig,
  type PrivateJwk,
  type ProviderConfig,
} from './provider-config.js';
export { parseLoginTransaction, type LoginTransaction } from './login-transaction.js';
export type { BeginLoginRequest, BeginLoginResult, LoginCallback, LoginResult } from './login-flow.js';
export {
  RelyingPartyError,
  type RelyingPartyErrorCode,
  type RelyingPartyErrorDetails,
} from './relying-party.errors.js';
