import type { Provider } from '@nestjs/common';
import { PasswordHasher, PasswordPolicy } from '../domain/index.js';
import { IDENTITY_CORE_OPTIONS, type IdentityCoreOptions } from '../identity-core.options.js';

/** PasswordPolicy and PasswordHasher are plain classes; these providers configure them once. */
export const PASSWORD_PROVIDERS: Provider[] = [
  {
    provide: PasswordPolicy,
    inject: [IDENTITY_CORE_OPTIONS],
    useFactory: (o: IdentityCoreOptions) =>
      new PasswordPolicy({ minLength: o.passwordMinLength, maxLength: 128 }),
  },
  {
    provide: PasswordHasher,
    inject: [IDENTITY_CORE_OPTIONS],
    useFactory: (o: IdentityCoreOptions) =>
      new PasswordHasher({ memoryCost: o.argon2MemoryKiB, timeCost: 2, parallelism: 1 }),
  },
];
