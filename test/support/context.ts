import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { Clock, FixedClock, IdentityCoreModule } from '#identity-core';
import { identityCoreOptions, infrastructureImports, readAppConfig, type AppConfig } from '#platform';
import { dropDatabase, freshDatabaseUrl } from './database.js';

export interface TestContext {
  app: INestApplicationContext;
  config: AppConfig;
  clock: FixedClock;
  close(): Promise<void>;
}

/**
 * Test config: a fresh database, the real local Redis under a key prefix of its own (so runs
 * sharing it never see each other's counters), cheaper argon2 unless asked otherwise.
 */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return readAppConfig({
    NODE_ENV: 'test',
    DATABASE_URL: freshDatabaseUrl(),
    REDIS_PREFIX: `t${randomBytes(5).toString('hex')}`,
    ARGON2_MEMORY_KIB: '4096',
    ...env,
  });
}

/** Boots the identity core against real MariaDB and Redis, with a clock the test controls. */
export async function identityCoreContext(
  extra: {
    imports?: never[];
    env?: Record<string, string>;
    /** Providers to replace, e.g. `{ provide: ATTEMPT_GATE_OPTIONS, useValue: { sourceFreeFailures: 2 } }`. */
    overrides?: { provide: unknown; useValue: unknown }[];
  } = {},
): Promise<TestContext> {
  const config = testConfig(extra.env);
  const clock = new FixedClock(new Date());
  const builder = Test.createTestingModule({
    imports: [
      ...infrastructureImports(config, { migrate: true }),
      IdentityCoreModule.forRootAsync({ useFactory: () => identityCoreOptions(config) }),
      ...(extra.imports ?? []),
    ],
  })
    .overrideProvider(Clock)
    .useValue(clock);
  for (const o of extra.overrides ?? []) builder.overrideProvider(o.provide as never).useValue(o.useValue);
  const moduleRef = await builder.compile();
  const app = await moduleRef.init();
  return {
    app,
    config,
    clock,
    async close() {
      await app.close();
      await dropDatabase(config.databaseUrl);
    },
  };
}
