import type { DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '#database';
import { AppConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/app-config.js';
import { RedisModule } from './redis/redis.module.js';

/** Config, MySQL (migrated on start) and Redis: what every app starts with. */
export function infrastructureImports(config: AppConfig, opts: { migrate: boolean }): DynamicModule[] {
  return [
    AppConfigModule.forRoot(config),
    DatabaseModule.forRootAsync({ useFactory: () => ({ url: config.databaseUrl, migrate: opts.migrate }) }),
    RedisModule.forRootAsync({ useFactory: () => config.redis }),
  ];
}

/** The identity core's options, taken from the app config. */
export function identityCoreOptions(config: AppConfig) {
  return {
    piiKeys: config.piiKeys,
    blindIndexKey: config.blindIndexKey,
    guidKey: config.guidKey,
    passwordMinLength: config.passwordMinLength,
    argon2MemoryKiB: config.argon2MemoryKiB,
    redisNamespace: config.redisPrefix,
    signInPolicy: { secondFactorRoles: config.secondFactorRoles },
    attemptGate: {
      namespace: config.redisPrefix,
      ipMaxFailures: config.loginIpMaxFailures,
      ipCreditPerAccount: config.loginIpCreditPerAccount,
    },
  };
}
