export { OidcModule } from './oidc.module.js';
export {
  OIDC_OPTIONS,
  oidcRedisPrefix,
  type OidcOptions,
  type OidcPageRenderers,
  type OidcStorageOptions,
} from './oidc.options.js';
export {
  OidcService,
  InteractionExpired,
  type InteractionView,
  type ResourceAccess,
  type ResourceRelease,
} from './oidc.service.js';
export { ClientRepository } from './clients/client.repository.js';
export { CreateClientUseCase, type CreateClientCommand } from './clients/create-client.use-case.js';
export { OidcClientEntity } from './clients/oidc-client.entity.js';
export { SigningKeysService, SigningKeyUnreadable } from './keys/signing-keys.service.js';
export { RESOURCE_SCOPES, SCOPE_CLAIMS, SUPPORTED_SCOPES } from './claims/scopes.js';
export { buildEduInfo, type EduInfo } from './claims/account-claims.js';
export { ROUTES, ACR_VALUES } from './provider.factory.js';
export { AccountSessions, type AccountSessionView } from './sessions/account-sessions.js';
export { EnsureFirstPartyClientUseCase } from './clients/ensure-first-party-client.use-case.js';
export { UpdateClientUseCase, type UpdateClientCommand } from './clients/update-client.use-case.js';
export { RotateClientSecretUseCase } from './clients/rotate-client-secret.use-case.js';
export { SetClientEnabledUseCase } from './clients/set-client-enabled.use-case.js';
export { validClientUrl } from './clients/client-rules.js';
