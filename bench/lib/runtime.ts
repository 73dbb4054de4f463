/** The bench's processes and leftovers: child servers, profiles, cleanup, and what code was measured. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Redis } from 'ioredis';
import { freePort } from '#test-support';
import { log, PROFILE, PROFILE_DIR, ROOT } from './settings.js';

/** Env that preloads the SIGUSR2 profiler toggle into a server process (BENCH_PROFILE=1 only). */
export function profilerEnv(): Record<string, string> {
  if (!PROFILE) return {};
  mkdirSync(PROFILE_DIR, { recursive: true });
  return {
    NODE_OPTIONS: `--import=${pathToFileURL(`${ROOT}dist/bench/lib/profiler-hook.js`).href}`,
    BENCH_PROFILE_DIR: PROFILE_DIR,
  };
}
const profilesTaken = new Map<number, number>();

/** Stops the server's profiler and names its output after the measurement. */
export async function collectProfile(pid: number, name: string): Promise<void> {
  const n = (profilesTaken.get(pid) ?? 0) + 1;
  profilesTaken.set(pid, n);
  const file = `${PROFILE_DIR}/profile-${n}.cpuprofile`;
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  const slug = name.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '');
  if (existsSync(file)) renameSync(file, `${PROFILE_DIR}/${slug}.cpuprofile`);
  else log(`no CPU profile appeared for ${name}`);
}

/** Everything started here, undone in reverse order by cleanup() (also on Ctrl-C). */
export const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | null = null;
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const c = cleanups.pop()!;
      try {
        await c.run();
      } catch (e) {
        log(`cleanup: ${c.what} failed: ${(e as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });

/** The code measured: HEAD and any uncommitted changes outside bench/ (other people's work in progress). */
export function gitState(): { commit: string; uncommitted: string[] } {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
    } catch {
      return '';
    }
  };
  return {
    commit: git('rev-parse', '--short=12', 'HEAD').trim() || 'unknown',
    uncommitted: git('status', '--porcelain')
      .split('\n')
      .map((l) => l.slice(3).trim())
      .filter((f) => f && !f.startsWith('bench/')),
  };
}

export function pkgVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string }
    ).version;
  } catch {
    return 'unknown';
  }
}

/** Starts bench/bare-engine.js as a child process and waits for its ready line. */
export async function startBareEngine(
  clientId: string,
  secret: string,
  redirectUri: string,
  account: { login: string; password: string },
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [`${ROOT}dist/bench/bare-engine.js`], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      BARE_PORT: String(port),
      BARE_CLIENT_ID: clientId,
      BARE_CLIENT_SECRET: secret,
      BARE_REDIRECT_URI: redirectUri,
      BARE_LOGIN: account.login,
      BARE_PASSWORD: account.password,
      ...profilerEnv(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare engine did not start in 20 s:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('"ready":true')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bare engine exited with ${code}:\n${out}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Deletes the run's Redis keys (the idp's artifacts and brute-force counters); bounded. */
export async function deleteRedisKeys(redis: Redis, patterns: string[]): Promise<number> {
  let deleted = 0;
  for (const match of patterns) {
    let cursor = '0';
    for (let i = 0; i < 100_000; i++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      if (keys.length) deleted += await redis.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  }
  return deleted;
}
