import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The run's compiled-code cache (test/run.js sets NODE_COMPILE_CACHE), passed on to the processes
 * a test starts, so each does not compile the same modules again.
 */
export function compileCache(): { NODE_COMPILE_CACHE?: string } {
  const dir = process.env.NODE_COMPILE_CACHE;
  return dir ? { NODE_COMPILE_CACHE: dir } : {};
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // dist/test/support → repo root

/**
 * Starts a compiled app (`idp`, `admin`, `worker`) as its own process, the way operators run
 * it, and waits until /healthz answers (or, for the worker, until it logs that it started).
 * `entry` (a path under dist/, from the repo root) starts a test entry point of the app instead
 * of its main.js, e.g. the idp with a test-only sign-in method.
 */
export async function startApp(
  app: 'idp' | 'admin' | 'worker',
  env: Record<string, string>,
  opts: { entry?: string } = {},
): Promise<RunningApp> {
  const port = Number(app === 'admin' ? env.ADMIN_PORT : env.IDP_PORT);
  const child = spawn(process.execPath, [`${ROOT}${opts.entry ?? `dist/apps/${app}/src/main.js`}`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...compileCache(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} did not start within 30 s:\n${out}`);
    }
    try {
      if (app === 'worker' ? out.includes('worker started') : (await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Environment for apps under test: own database, own Redis prefix, captcha off unless asked. */
export async function appEnv(
  databaseUrl: string,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  const idpPort = await freePort();
  const adminPort = await freePort();
  return {
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: `t${randomBytes(4).toString('hex')}`,
    IDP_PORT: String(idpPort),
    ADMIN_PORT: String(adminPort),
    ADMIN_URL: `http://127.0.0.1:${adminPort}`,
    ISSUER: `http://127.0.0.1:${idpPort}`,
    CAPTCHA_ENABLED: 'false',
    ARGON2_MEMORY_KIB: '4096',
    ...extra,
  };
}
