/**
 * `--failover`: the idp and the worker on a Redis Sentinel set (primary, replica, three Sentinels,
 * down-after 1 s: `RedisSentinelSet` from #test-support), password logins running, the primary
 * SIGKILLed mid-run. Measured: seconds from the kill until a login begun after it succeeds, logins
 * failed meanwhile, and whether every notice the logins queued (new-device mails, outbox rows) was
 * sent exactly once. No process is restarted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'mysql2/promise';
import {
  appEnv,
  dropDatabase,
  freshDatabaseUrl,
  RedisSentinelSet,
  SmtpSink,
  startApp,
  type RunningApp,
} from '#test-support';
import { ARGON2_PARAMS } from './argon2.js';
import { passwordLogin, type LoginTarget } from './flows.js';
import { checkOutbox, type OutboxCheck } from './outbox-check.js';
import { keepAliveAgent, request } from './http.js';
import type { MachineInfo } from './machine.js';
import { cleanups } from './runtime.js';
import { seedIdp } from './seed.js';
import { benchCommand, IDP_WORKERS, LOGIN_SCOPE, REDIRECT_URI, ROOT, log } from './settings.js';

export interface FailoverReport {
  workers: number;
  loginsBeforeKill: number;
  /** Seconds from the SIGKILL of the primary until the first login begun after it completed. */
  resumedAfterSeconds: number | null;
  /** Logins that failed after the kill (those in flight at it included). */
  failedLogins: number;
  failedSamples: string[];
  loginsAfterResume: number;
  /** The idp's and worker's processes all still the ones started before the kill. */
  restarted: boolean;
  outbox: OutboxCheck;
  newPrimary: string;
}

const LOOPS = 4;
const BEFORE_MS = 4000;
const AFTER_RESUME_MS = 4000;

export async function runFailover(
  db: Connection,
  databaseUrl: string,
  target: Omit<LoginTarget, 'base' | 'agent' | 'tokenPath' | 'authorizePath'>,
  nextAccount: () => { login: string; password: string },
  extraEnv: Record<string, string>,
): Promise<FailoverReport> {
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const [redis, sink] = await Promise.all([RedisSentinelSet.start(), SmtpSink.start()]);
  let idp: RunningApp | undefined;
  let worker: RunningApp | undefined;
  try {
    const env = await appEnv(databaseUrl, {
      ...extraEnv,
      // The URL's host is not used with Sentinels (they name the primary); its db number is.
      REDIS_URL: 'redis://sentinel-managed:6379/0',
      REDIS_SENTINELS: redis.sentinelList,
      REDIS_SENTINEL_NAME: redis.name,
      SMTP_URL: sink.url,
      NOTIFICATION_RELAY_INTERVAL_MS: '100',
      NOTIFICATION_BACKOFF_MS: '200',
      NOTIFICATION_JOB_LOCK_MS: '2000',
    });
    // One after the other: cold starts side by side on a busy machine can pass startApp's 30 s.
    idp = await startApp('idp', env);
    worker = await startApp('worker', { ...env, WORKER_PROCESSES: '2' });
    const agent = keepAliveAgent(LOOPS);
    const d = JSON.parse(
      (await request(agent, new URL('/.well-known/openid-configuration', idp.url))).body,
    ) as {
      token_endpoint: string;
      authorization_endpoint: string;
    };
    const t: LoginTarget = {
      ...target,
      base: new URL(idp.url),
      agent,
      tokenPath: new URL(d.token_endpoint).pathname,
      authorizePath: new URL(d.authorization_endpoint).pathname,
    };
    // A few accounts, each signed in once first: an account's first browser is remembered without
    // a mail, every later login from a new browser queues a new-device mail through the outbox.
    const pool = Array.from({ length: 2 * LOOPS }, () => nextAccount());
    await Promise.all(
      Array.from({ length: LOOPS }, async (_, w) => {
        await passwordLogin(t, pool[w]!);
        await passwordLogin(t, pool[w + LOOPS]!);
      }),
    );
    let turn = 0;
    const account = () => pool[turn++ % pool.length]!;
    const [[{ maxId }]] = (await db.query(
      `SELECT COALESCE(MAX(id), 0) AS maxId FROM \`${dbName}\`.notification_outbox`,
    )) as unknown as [{ maxId: number }[]];
    const pids = () =>
      `${idp!.child.pid}/${worker!.child.pid}:${idp!.child.exitCode}/${worker!.child.exitCode}`;
    const pidsBefore = pids();

    let killedAt = Infinity;
    let resumedAt = 0;
    let before = 0;
    let afterResume = 0;
    let failed = 0;
    const failedSamples: string[] = [];
    let stopAt = Infinity;
    const loops = Array.from({ length: LOOPS }, async () => {
      while (performance.now() < stopAt) {
        const t0 = performance.now();
        try {
          await passwordLogin(t, account());
          const t1 = performance.now();
          if (t1 < killedAt) before++;
          else if (t0 > killedAt && !resumedAt) {
            resumedAt = t1;
            stopAt = t1 + AFTER_RESUME_MS;
          } else if (resumedAt) afterResume++;
        } catch (e) {
          if (performance.now() >= killedAt) {
            failed++;
            if (failedSamples.length < 5)
              failedSamples.push((e as Error).message.replace(/\s+/g, ' ').slice(0, 160));
          } else throw e;
          await new Promise((r) => setTimeout(r, 100)); // a user pressing "try again"
        }
        if (performance.now() - killedAt > 60_000) stopAt = 0;
      }
    });
    await new Promise((r) => setTimeout(r, BEFORE_MS));
    log(`failover: ${before} logins so far; SIGKILL the Redis primary`);
    await redis.primary.kill();
    killedAt = performance.now();
    await Promise.all(loops);
    const resumedAfterSeconds = resumedAt ? Math.round((resumedAt - killedAt) / 10) / 100 : null;
    log(
      `failover: logins resumed after ${resumedAfterSeconds ?? 'never (60 s)'} s, ${failed} failed logins meanwhile`,
    );

    const outbox = await checkOutbox(db, dbName, maxId, sink, 60_000);
    agent.destroy();
    return {
      workers: LOOPS,
      loginsBeforeKill: before,
      resumedAfterSeconds,
      failedLogins: failed,
      failedSamples,
      loginsAfterResume: afterResume,
      restarted: pids() !== pidsBefore,
      outbox,
      newPrimary: await redis.currentPrimary(),
    };
  } finally {
    await worker?.stop('SIGKILL');
    await idp?.stop();
    await Promise.all([sink.stop(), redis.stop()]);
  }
}

/** `npm run bench -- --failover`: its own run (no throughput windows), its own results file. */
export async function runFailoverBench(
  db: Connection,
  machine: MachineInfo,
  started: Date,
  code: { commit: string; uncommitted: string[] },
): Promise<void> {
  const databaseUrl = freshDatabaseUrl('edusso_bench');
  cleanups.push({ what: 'drop the bench database', run: () => dropDatabase(databaseUrl) });
  log(`failover run: setting up ${databaseUrl.replace(/^.*\//, '')}`);
  const { accounts, client } = await seedIdp(db, databaseUrl);
  let next = 0;
  const report = await runFailover(
    db,
    databaseUrl,
    {
      clientId: client.id,
      secret: client.secret,
      redirectUri: REDIRECT_URI,
      scope: LOGIN_SCOPE,
    },
    () => accounts[next++ % accounts.length]!,
    {
      CAPTCHA_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: String(ARGON2_PARAMS.memoryCost),
      LOGIN_IP_MAX_FAILURES: '1000000',
      IDP_WORKERS: String(IDP_WORKERS),
    },
  );
  const md = [
    `# edu-sso bench: Redis Sentinel failover, ${started.toISOString().slice(0, 10)}, ${machine.hostname}`,
    '',
    `Code: ${code.commit}${code.uncommitted.length ? ` plus uncommitted changes in ${code.uncommitted.join(', ')}` : ''}. Command: \`${benchCommand()}\`. Machine: ${machine.cpuModel}, nproc ${machine.nproc}, Redis ${machine.redis}, MariaDB ${machine.mariadb}, Node ${machine.node}.`,
    '',
    `A Redis primary, one replica and three Sentinels (quorum 2, down-after 1 s, \`RedisSentinelSet\` from #test-support); the idp (IDP_WORKERS=${IDP_WORKERS}) and the worker (WORKER_PROCESSES=2) connect through the Sentinels; ${report.workers} closed-loop password logins over ${2 * report.workers} accounts that each signed in once before, each from a new browser, so every login queues a new-device mail through the outbox. The primary is SIGKILLed after ${BEFORE_MS / 1000} s; a failed login is retried 100 ms later, as a user pressing "try again".`,
    '',
    '| | |',
    '|---|--:|',
    `| logins before the kill | ${report.loginsBeforeKill} |`,
    `| **logins resumed after** (first login begun after the kill that succeeded) | **${report.resumedAfterSeconds ?? 'not within 60'} s** (needed ≤ 10 s) |`,
    `| logins failed meanwhile | ${report.failedLogins} |`,
    `| logins after resuming (${AFTER_RESUME_MS / 1000} s) | ${report.loginsAfterResume} |`,
    `| any idp or worker process restarted | ${report.restarted ? 'yes' : 'no'} |`,
    `| new-device mails queued (outbox rows) | ${report.outbox.rows} |`,
    `| delivered / lost / sent twice | ${report.outbox.delivered} / ${report.outbox.lost} / ${report.outbox.duplicates} (after ${report.outbox.waitedSeconds} s) |`,
    `| primary afterwards | ${report.newPrimary} |`,
    '',
    ...(report.failedSamples.length
      ? ['Failed logins (first samples):', '', ...report.failedSamples.map((s) => `- \`${s}\``), '']
      : []),
  ].join('\n');
  const dir = `${ROOT}bench/results`;
  mkdirSync(dir, { recursive: true });
  const base = `${dir}/${started.toISOString().slice(0, 10)}-${(hostname() || 'node-svc').replace(/[^\w.-]/g, '_')}-failover`;
  writeFileSync(
    `${base}.json`,
    JSON.stringify(
      { date: started.toISOString(), command: benchCommand(), code, machine, failover: report },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(`${base}.md`, md + '\n');
  process.stdout.write(`\n${md}\nwritten: ${base}.json, ${base}.md\n`);
}
