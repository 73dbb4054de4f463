import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileCache } from './processes.js';

/** The repository root, from dist/test/support. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the compiled CLI (`npm run cli -- …`) to completion under NODE_ENV=test with `env` added. */
export function runCli(
  env: Record<string, string | undefined>,
  ...args: string[]
): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [`${REPO_ROOT}dist/apps/cli/src/main.js`, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', ...compileCache(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
