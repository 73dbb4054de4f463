/**
 * What `npm run mutate` mutates, and which specs may kill the mutants of each scope.
 *
 * To add files: put their source paths in a scope's `mutate` (or add a scope) and the spec files
 * that exercise them in `specs`. Specs are listed by their TypeScript source path; the runner runs
 * their compiled `dist/**.spec.js`. Keep `specs` to fast unit specs where possible: Stryker runs,
 * for each mutant, every listed spec that executed the mutated code in the first (dry) run.
 *
 */
export const scopes = [
  {
    name: 'identity-core-domain',
    mutate: [
      'libs/identity-core/src/domain/password-hasher.ts',
      'libs/identity-core/src/domain/pii-cipher.ts',
      'libs/identity-core/src/domain/national-id.ts',
      'libs/identity-core/src/domain/birth-date.ts',
    ],
    specs: [
      'libs/identity-core/src/domain/password-hasher.spec.ts',
      'libs/identity-core/src/domain/pii-cipher.spec.ts',
      'libs/identity-core/src/domain/national-id.spec.ts',
      'libs/identity-core/src/domain/birth-date.spec.ts',
    ],
  },
  {
    name: 'identity-core-codes-limits',
    mutate: [
      'libs/identity-core/src/codes/one-time-code.ts',
      'libs/identity-core/src/codes/one-time-code.hasher.ts',
      'libs/identity-core/src/limits/rate-limiter.ts',
      'libs/identity-core/src/authentication/ip-bucket.ts',
    ],
    specs: [
      'libs/identity-core/src/codes/one-time-code.spec.ts',
      'libs/identity-core/src/limits/rate-limiter.spec.ts',
      'libs/identity-core/src/authentication/ip-bucket.spec.ts',
    ],
  },
  {
    // The store's decisions are Lua run by Redis: only its medium spec can kill them.
    name: 'identity-core-verification-codes',
    mutate: ['libs/identity-core/src/codes/verification-codes.ts'],
    specs: ['libs/identity-core/test/verification-codes.medium.spec.ts'],
  },
  {
    // How a login proceeds: which methods, which factor next, which acr.
    name: 'identity-core-sign-in',
    mutate: [
      'libs/identity-core/src/authentication/sign-in-flow.ts',
      'libs/identity-core/src/authentication/sign-in-policy.ts',
      'libs/identity-core/src/authentication/sign-in-method.registry.ts',
    ],
    specs: [
      'libs/identity-core/src/authentication/sign-in-flow.spec.ts',
      'libs/identity-core/src/authentication/sign-in-policy.spec.ts',
      'libs/identity-core/src/authentication/sign-in-method.registry.spec.ts',
    ],
  },
  {
    // The gate's decisions are Lua run by Redis (the medium spec, seconds per mutant); its
    // TypeScript side and its options have fast unit specs against a fake Redis.
    name: 'identity-core-attempt-gate',
    mutate: [
      'libs/identity-core/src/authentication/attempt-gate.ts',
      'libs/identity-core/src/authentication/attempt-gate.options.ts',
    ],
    specs: [
      'libs/identity-core/src/authentication/attempt-gate.options.spec.ts',
      'libs/identity-core/src/authentication/attempt-gate.spec.ts',
      'libs/identity-core/test/attempt-gate.medium.spec.ts',
    ],
  },
  {
    name: 'password-reset',
    mutate: [
      'libs/password-reset/src/secrets/reset-secrets.ts',
      'libs/password-reset/src/application/verify-reset-code/verify-reset-code.use-case.ts',
      'libs/password-reset/src/challenges/reset-ticket.reader.ts',
      'libs/password-reset/src/domain/reset-identifier.ts',
    ],
    specs: [
      'libs/password-reset/src/secrets/reset-secrets.spec.ts',
      'libs/password-reset/src/application/verify-reset-code/verify-reset-code.use-case.spec.ts',
      'libs/password-reset/src/challenges/reset-ticket.reader.spec.ts',
      'libs/password-reset/src/domain/reset-identifier.spec.ts',
    ],
  },
  {
    name: 'activation-codes',
    mutate: [
      'libs/activation/src/domain/code-hasher.ts',
      'libs/activation/src/domain/activation-code.ts',
      'libs/activation/src/flow/contact-verification.ts',
      'libs/activation/src/application/prove-identity/prove-identity.use-case.ts',
    ],
    specs: [
      'libs/activation/src/domain/domain.spec.ts',
      'libs/activation/test/contact-verification.medium.spec.ts',
      'libs/activation/src/application/prove-identity/prove-identity.use-case.spec.ts',
    ],
  },
  {
    name: 'oidc-clients',
    mutate: ['libs/oidc/src/clients/create-client.use-case.ts', 'libs/oidc/src/clients/client.repository.ts'],
    specs: [
      'libs/oidc/src/clients/create-client.use-case.spec.ts',
      'libs/oidc/src/clients/client.repository.spec.ts',
    ],
  },
  {
    name: 'oidc-claims',
    mutate: [
      'libs/oidc/src/claims/scopes.ts',
      'libs/oidc/src/claims/release-policy.ts',
      'libs/oidc/src/claims/account-claims.ts',
      'libs/oidc/src/form-post-csp.ts',
    ],
    specs: [
      'libs/oidc/src/claims/release-policy.spec.ts',
      'libs/oidc/src/claims/account-claims.spec.ts',
      'libs/oidc/src/form-post-csp.spec.ts',
    ],
  },
  {
    // The stores' logic is in Lua and SQL: their spec runs against Redis and MariaDB (medium).
    name: 'oidc-adapter',
    mutate: ['libs/oidc/src/adapter/hybrid.adapter.ts', 'libs/oidc/src/adapter/artifact-store.ts'],
    specs: ['libs/oidc/src/adapter/hybrid.adapter.spec.ts', 'libs/oidc/test/artifact-store.medium.spec.ts'],
  },
  {
    name: 'identity-core-auth',
    mutate: [
      'libs/identity-core/src/authentication/password.authenticator.ts',
      'libs/identity-core/src/authentication/clear-lockout.use-case.ts',
      'libs/identity-core/src/accounts/username.ts',
    ],
    specs: [
      'libs/identity-core/src/authentication/password.authenticator.spec.ts',
      'libs/identity-core/src/authentication/clear-lockout.use-case.spec.ts',
      'libs/identity-core/src/accounts/username.spec.ts',
    ],
  },
  {
    name: 'channel-mask',
    mutate: ['libs/password-reset/src/domain/channel-mask.ts'],
    specs: [
      'libs/password-reset/src/domain/channel-mask.spec.ts',
      'libs/password-reset/src/domain/channel-mask.shares.spec.ts',
    ],
  },
  {
    // The security rules of the engine's configuration and of the resource APIs, split out of
    // provider.factory.ts and oidc.service.ts (which are left with wiring, covered end to end).
    name: 'oidc-provider',
    mutate: ['libs/oidc/src/provider-policies.ts', 'libs/oidc/src/resource-release.ts'],
    specs: ['libs/oidc/src/provider-policies.spec.ts', 'libs/oidc/src/resource-release.spec.ts'],
  },
];
