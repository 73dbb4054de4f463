import type { Provider } from '@nestjs/common';
import { IDENTITY_CORE_OPTIONS, type IdentityCoreOptions } from '../identity-core.options.js';
import { VerificationCodes } from '../codes/verification-codes.js';
import { RateLimiter } from '../limits/rate-limiter.js';
import { ATTEMPT_GATE_OPTIONS, type AttemptGateOptions } from './attempt-gate.options.js';
import { AttemptGate } from './attempt-gate.js';
import { ClearLockoutUseCase } from './clear-lockout.use-case.js';
import { PasswordAuthenticator } from './password.authenticator.js';
import { SignInFlow } from './sign-in-flow.js';
import { SignInMethodRegistry } from './sign-in-method.registry.js';
import { signInMethodRegistration } from './sign-in-methods.module.js';
import { SignInPolicy } from './sign-in-policy.js';

/**
 * ATTEMPT_GATE_OPTIONS defaults to the standard policy; the optional `attemptGate` entry in the
 * identity core options overrides parts of it, and tests may override the provider outright.
 * Needs the global REDIS provider (RedisModule).
 */
export const AUTHENTICATION_PROVIDERS: Provider[] = [
  {
    provide: ATTEMPT_GATE_OPTIONS,
    inject: [IDENTITY_CORE_OPTIONS],
    useFactory: (o: IdentityCoreOptions): Partial<AttemptGateOptions> => o.attemptGate ?? {},
  },
  AttemptGate,
  RateLimiter,
  VerificationCodes,
  PasswordAuthenticator,
  ClearLockoutUseCase,
  SignInMethodRegistry,
  SignInPolicy,
  SignInFlow,
  // Password is the first way in; feature libs add theirs with SignInMethodsModule.register.
  signInMethodRegistration([PasswordAuthenticator]),
];

export const AUTHENTICATION_EXPORTS = [
  ATTEMPT_GATE_OPTIONS,
  AttemptGate,
  RateLimiter,
  VerificationCodes,
  PasswordAuthenticator,
  ClearLockoutUseCase,
  SignInMethodRegistry,
  SignInPolicy,
  SignInFlow,
];
