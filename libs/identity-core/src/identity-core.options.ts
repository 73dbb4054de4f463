import type { AttemptGateOptions } from './authentication/attempt-gate.options.js';
import type { SignInPolicyOptions } from './authentication/sign-in-policy.js';

export const IDENTITY_CORE_OPTIONS = Symbol('IDENTITY_CORE_OPTIONS');

export interface IdentityCoreOptions {
  /** `kid:base64key,kid:base64key`; the first key encrypts, all decrypt. */
  piiKeys: string;
  /** base64, 32 bytes: HMAC key of the blind indexes. */
  blindIndexKey: string;
  /** base64, 32 bytes: HMAC key of the public pseudonymous `guid`. */
  guidKey: string;
  passwordMinLength: number;
  argon2MemoryKiB: number;
  /** Prefix of the identity core's Redis keys (one-time codes); `edu-sso` when left out. */
  redisNamespace?: string;
  /** Sign-in attempt policy (AttemptGate); defaults apply to what is left out. */
  attemptGate?: Partial<AttemptGateOptions>;
  /** Which logins need a second factor (SignInPolicy); none by default. */
  signInPolicy?: Partial<SignInPolicyOptions>;
}
