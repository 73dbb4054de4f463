import type { Provider } from '@nestjs/common';
import { IDENTITY_CORE_OPTIONS, type IdentityCoreOptions } from '../identity-core.options.js';
import { ATTEMPT_GATE_OPTIONS, type AttemptGateOptions } from './attempt-gate.options.js';
import { AttemptGate } from './attempt-gate.js';
import { BRUTE_FORCE_OPTIONS, type BruteForceOptions } from './brute-force.options.js';
import { BruteForceGuard } from './brute-force.service.js';
import { ClearLockoutUseCase } from './clear-lockout.use-case.js';
import { PasswordAuthenticator } from './password.authenticator.js';

/**
 * ATTEMPT_GATE_OPTIONS and BRUTE_FORCE_OPTIONS default to the standard policy; the optional
 * `attemptGate` / `bruteForce` entries in the identity core options override parts of them, and
 * tests may override the providers outright. Needs the global REDIS provider (RedisModule).
 * BruteForceGuard still serves activation and reset codes until they move onto the gate.
 */
export const AUTHENTICATION_PROVIDERS: Provider[] = [
  {
    provide: BRUTE_FORCE_OPTIONS,
    inject: [IDENTITY_CORE_OPTIONS],
    useFactory: (o: IdentityCoreOptions): Partial<BruteForceOptions> => o.bruteForce ?? {},
  },
  {
    provide: ATTEMPT_GATE_OPTIONS,
    inject: [IDENTITY_CORE_OPTIONS],
    useFactory: (o: IdentityCoreOptions): Partial<AttemptGateOptions> => o.attemptGate ?? {},
  },
  AttemptGate,
  BruteForceGuard,
  PasswordAuthenticator,
  ClearLockoutUseCase,
];

export const AUTHENTICATION_EXPORTS = [
  ATTEMPT_GATE_OPTIONS,
  AttemptGate,
  BRUTE_FORCE_OPTIONS,
  BruteForceGuard,
  PasswordAuthenticator,
  ClearLockoutUseCase,
];
