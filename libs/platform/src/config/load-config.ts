import { ConfigError } from './env.js';
import { readAppConfig, type AppConfig } from './app-config.js';

/**
 * Reads and validates the configuration; on failure prints one line per problem and exits 1,
 * never a stack trace. Apps call this from their own config/ with process.env.
 */
export function loadConfigOrExit(env: Record<string, string | undefined>, app: string): AppConfig {
  try {
    return readAppConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${app}: invalid configuration\n${e.problems.map((p) => `  ${p}\n`).join('')}`);
    process.exit(1);
  }
}
