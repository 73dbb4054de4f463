/** The bench's settings (environment, fixed parameters) and its log line. */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LoadSettings } from './load.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // dist/bench/lib → repo root
export const MYSQL_SERVER = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export function intEnv(name: string, def: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer in ${min}..${max}`);
  return n;
}

/** `--accounts N`: the database holds N accounts (the bench's among them); none given: only the bench's. */
function populationArg(): number | null {
  const i = process.argv.indexOf('--accounts');
  if (i < 0) return null;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 5_000_000)
    throw new Error('--accounts must be an integer in 1..5000000');
  return n;
}

/** `--instances 2`: also measure (c) against two idp instances, and kill one of them mid-window. */
function instancesArg(): 1 | 2 {
  const i = process.argv.indexOf('--instances');
  if (i < 0) return 1;
  const n = Number(process.argv[i + 1]);
  if (n !== 1 && n !== 2) throw new Error('--instances must be 1 or 2');
  return n;
}

export const POPULATION = populationArg();
export const INSTANCES = instancesArg();
/** `--failover`: a separate run, logins and mail through a Redis Sentinel set whose primary is killed. */
export const FAILOVER = process.argv.includes('--failover');
/** `--roster`: a separate run, the helpdesk's bulk roster import of 10,000 Big5 lines (bench/lib/roster.ts). */
export const ROSTER = process.argv.includes('--roster');
export const SECONDS = intEnv('BENCH_SECONDS', 10, 1, 120);
export const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16, 1, 256);
export const WARMUP_SECONDS = intEnv('BENCH_WARMUP_SECONDS', 3, 0, 30);
export const QUIET_WAIT_SECONDS = intEnv('BENCH_QUIET_WAIT_SECONDS', 60, 0, 600);
export const ARGON2_SECONDS = 4;
export const PROFILE = process.env.BENCH_PROFILE === '1';
/**
 * Processes of the idp under test (IDP_WORKERS): the production default, one per core, unless
 * BENCH_IDP_WORKERS says otherwise; 1 when profiling (the profiler hook signals one process).
 */
export const IDP_WORKERS = PROFILE ? 1 : intEnv('BENCH_IDP_WORKERS', availableParallelism(), 1, 64);
export const PROFILE_DIR = `${ROOT}bench/tmp/profiles-${new Date().toISOString().replace(/[:.]/g, '-')}`;
export const ACCOUNTS = Math.min(256, Math.max(64, 4 * CONCURRENCY));
export const PASSWORD = 'quiet lantern orbits the marble harbour 7291';
export const REDIRECT_URI = 'http://127.0.0.1/bench/callback'; // never fetched: the flow stops at the redirect
export const LOGIN_SCOPE = 'openid profile email';
/** (d): the token a school system holds to read a person's affiliations. */
export const EDUINFO_SCOPE = 'openid eduinfo';
export const EDUINFO_PATH = '/moeresource/api/v1/oidc/eduinfo';

export const LOAD: LoadSettings = {
  concurrency: CONCURRENCY,
  warmupMs: WARMUP_SECONDS * 1000,
  durationMs: SECONDS * 1000,
  maxOps: 2_000_000,
};

export const log = (msg: string) =>
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** How this run was started, for the results (the environment that changes it, and the flags). */
export function benchCommand(): string {
  const npm = process.env.npm_lifecycle_event === 'bench';
  const flags = [
    POPULATION ? `--accounts ${POPULATION}` : '',
    INSTANCES === 2 ? '--instances 2' : '',
    FAILOVER ? '--failover' : '',
    ROSTER ? '--roster' : '',
  ].filter(Boolean);
  return [
    ...[
      'BENCH_SECONDS',
      'BENCH_CONCURRENCY',
      'BENCH_WARMUP_SECONDS',
      'BENCH_QUIET_WAIT_SECONDS',
      'BENCH_PROFILE',
      'BENCH_IDP_WORKERS',
    ]
      .filter((k) => process.env[k])
      .map((k) => `${k}=${process.env[k]}`),
    npm ? 'npm run bench' : 'node dist/bench/run.js',
    ...(flags.length ? [`${npm ? '-- ' : ''}${flags.join(' ')}`] : []),
  ].join(' ');
}
