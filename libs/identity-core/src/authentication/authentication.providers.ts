import type { Provider } from '@nestjs/common';
import { IDENTITY_CORE_OPTIONS, type IdentityCoreOptions } from '../identity-core.options.js';
import { BRUTE_FORCE_OPTIONS, type BruteForceOptions } from './brute-force.options.js';
import { BruteForceGuard } from './brute-force.service.js';
import { ClearLockoutUseCase } from './clear-lockout.use-case.js';
import { PasswordAuthenticator } from './password.authenticator.js';

/**
 * BRUTE_FORCE_OPTIONS defaults to the standard policy; an optional `bruteForce` entry in the
 * identity core options overrides parts of it, and tests may override the provider outright.
 * Needs the global REDIS provider (RedisModule) to be imported by the app.
 */
export const AUTHENTICATION_PROVIDERS: Provider[] = [
  {
    provide: BRUTE_FORCE_OPTIONS,
    inject: [IDENTITY_CORE_OPTIONS],
    useFactory: (o: IdentityCoreOptions): Partial<BruteForceOptions> => o.bruteForce ?? {},
  },
  BruteForceGuard,
  PasswordAuthenticator,
  ClearLockoutUseCase,
];

export const AUTHENTICATION_EXPORTS = [
  BRUTE_FORCE_OPTIONS,
  BruteForceGuard,
  PasswordAuthenticator,
  ClearLockoutUseCase,
];
