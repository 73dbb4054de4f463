export { ConfigError, EnvReader } from './config/env.js';
export { readAppConfig, type AppConfig, type NodeEnv } from './config/app-config.js';
export { loadConfigOrExit } from './config/load-config.js';
export { APP_CONFIG, AppConfigModule } from './config/config.module.js';
export { createLogger, requestId, requestLogger, PinoNestLogger } from './logging/logger.js';
export { RedisModule, REDIS, type RedisModuleOptions } from './redis/redis.module.js';
export {
  bullPrefix,
  ioredisOptions,
  parseSentinels,
  type RedisConnection,
} from './redis/redis-connection.js';
export { runProcesses, type ProcessesOptions } from './cluster/processes.js';
export { HealthModule } from './health/health.module.js';
export { infrastructureImports, identityCoreOptions } from './infrastructure.js';
export { isInfrastructureFailure } from './infrastructure-failure.js';
export { createHttpApp, listen } from './http/bootstrap.js';
