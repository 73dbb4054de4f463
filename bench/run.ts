/**
 * `npm run bench`: throughput and latency of the idp on this machine, in one run.
 *
 *   (a) client_credentials grants/s        — against a bare oidc-provider (in-memory adapter) as baseline
 *   (b) refresh_token grants/s (rotating)
 *   (c) full password logins/s (authorize → login form → code → token), captcha off
 *   argon2id hashes/s per core (the idp's real parameters), the ceiling for (c)
 *
 * Everything runs against 127.0.0.1: a fresh MariaDB database (dropped at the end), the local Redis
 * (the run's keys are deleted at the end), one idp child process and one bare-engine child process.
 * Results: bench/results/<date>-<host>.{json,md}. Env: BENCH_SECONDS (measured window per
 * measurement, default 10), BENCH_CONCURRENCY (workers, default 16), BENCH_WARMUP_SECONDS (default 3),
 * BENCH_PROFILE=1 (CPU profiles of the servers during each window into bench/tmp/; slows them down, so
 * the results file then gets a `-profiled` suffix and is not a benchmark result).
 */
import 'reflect-metadata';
import { hostname, loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { appEnv, dropDatabase, freshDatabaseUrl, startApp, type RunningApp } from '#test-support';
import { analyse } from './lib/analysis.js';
import { explainHotPath } from './lib/explain.js';
import { ARGON2_PARAMS, argon2Rate } from './lib/argon2.js';
import { footprint } from './lib/footprint.js';
import {
  clientCredentials,
  eduinfoRead,
  passwordLogin,
  refreshGrant,
  type LoginTarget,
  type TokenTarget,
} from './lib/flows.js';
import { keepAliveAgent, request } from './lib/http.js';
import { CpuMeter, machineInfo, type CpuSample } from './lib/machine.js';
import { measure, waitForQuietMachine } from './lib/measure.js';
import { markdown, table, type BenchReport } from './lib/report.js';
import {
  cleanup,
  cleanups,
  deleteRedisKeys,
  gitState,
  pkgVersion,
  profilerEnv,
  startBareEngine,
  stopChild,
} from './lib/runtime.js';
import { seedIdp } from './lib/seed.js';
import { runFailoverBench } from './lib/failover.js';
import { runRosterBench } from './lib/roster.js';
import { twoInstances } from './lib/instances.js';
import { compareInstances } from './lib/report-scale.js';
import { measureSearch } from './lib/search.js';
import {
  ACCOUNTS,
  ARGON2_SECONDS,
  CONCURRENCY,
  EDUINFO_PATH,
  EDUINFO_SCOPE,
  FAILOVER,
  ROSTER,
  IDP_WORKERS,
  INSTANCES,
  LOGIN_SCOPE,
  MYSQL_SERVER,
  POPULATION,
  PROFILE,
  PASSWORD,
  PROFILE_DIR,
  QUIET_WAIT_SECONDS,
  REDIRECT_URI,
  ROOT,
  SECONDS,
  WARMUP_SECONDS,
  benchCommand,
  log,
} from './lib/settings.js';

async function main() {
  const started = new Date();
  const notes: string[] = [];
  const code = gitState(); // before the build output is used: what dist/ was compiled from, if built just now
  log(
    `concurrency ${CONCURRENCY}, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per measurement, ${ACCOUNTS} accounts`,
  );

  // Monitoring connections (server-wide counters, versions, cleanup).
  const mysqlUrl = new URL(MYSQL_SERVER);
  const db = await createConnection({
    host: mysqlUrl.hostname,
    port: Number(mysqlUrl.port || 3306),
    user: decodeURIComponent(mysqlUrl.username || 'root'),
    password: decodeURIComponent(mysqlUrl.password),
  });
  cleanups.push({ what: 'close MariaDB connection', run: () => db.end() });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  await redis.connect();
  cleanups.push({ what: 'close Redis connection', run: () => redis.quit() });
  for (const host of [mysqlUrl.hostname, new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').hostname])
    if (host !== '127.0.0.1' && host !== 'localhost')
      throw new Error(`bench runs against loopback only, not ${host}`);
  const machine = await machineInfo(db, redis);
  if (FAILOVER) return runFailoverBench(db, machine, started, code);
  if (ROSTER) return runRosterBench(machine, started, code);
  const quiet = await waitForQuietMachine();
  log(`machine busy before start: ${quiet.busyCores} cores (waited ${quiet.waitedSeconds} s)`);

  // argon2 first, while nothing else of ours runs.
  log(
    `argon2id ${JSON.stringify(ARGON2_PARAMS)}: 1 thread, then ${machine.nproc} threads, ${ARGON2_SECONDS} s each`,
  );
  const argonMeter = new CpuMeter(undefined);
  const argonRun = async (threads: number) => {
    let a: CpuSample | undefined;
    let b: CpuSample | undefined;
    const r = await argon2Rate(threads, ARGON2_SECONDS, {
      onStart: () => {
        a = argonMeter.sample();
      },
      onEnd: () => {
        b = argonMeter.sample();
      },
    });
    r.cpu = CpuMeter.share(a!, b!);
    return r;
  };
  const argonOne = await argonRun(1);
  const argonAll = await argonRun(machine.nproc);
  log(
    `argon2id: ${argonOne.perSecond.toFixed(1)}/s on 1 thread (${argonOne.meanMs.toFixed(1)} ms each), ` +
      `${argonAll.perSecond.toFixed(1)}/s on ${argonAll.threads}; other load on the machine meanwhile ` +
      `${argonOne.cpu!.other} and ${argonAll.cpu!.other} cores`,
  );

  // Bare engine: its own child process, same load generator settings.
  const bareClient = {
    id: `bench-${randomBytes(4).toString('hex')}`,
    secret: randomBytes(32).toString('base64url'),
  };
  log('starting the bare oidc-provider (in-memory adapter)');
  const bareAccount = { login: 'bare.bench', password: PASSWORD };
  const bare = await startBareEngine(bareClient.id, bareClient.secret, REDIRECT_URI, bareAccount);
  cleanups.push({ what: 'stop the bare engine', run: () => stopChild(bare.child) });
  const bareTarget: TokenTarget = {
    base: new URL(bare.url),
    agent: keepAliveAgent(CONCURRENCY),
    tokenPath: '/oidc/v1/token',
    clientId: bareClient.id,
    secret: bareClient.secret,
  };
  await clientCredentials(bareTarget); // fails loudly before any load if misconfigured
  const barePhase = await measure('bare client_credentials', bare.child.pid, db, redis, async () => {
    await clientCredentials(bareTarget);
  });
  // The floor of (c): the same five requests and argon2id, with nothing of the idp's own.
  const bareLoginTarget: LoginTarget = {
    ...bareTarget,
    authorizePath: '/oidc/v1/authorize',
    redirectUri: REDIRECT_URI,
    scope: LOGIN_SCOPE,
  };
  await passwordLogin(bareLoginTarget, bareAccount);
  const bareLoginPhase = await measure('bare password login', bare.child.pid, db, redis, async (_w, step) => {
    await passwordLogin(bareLoginTarget, bareAccount, step);
  });
  bareTarget.agent.destroy();
  await stopChild(bare.child);

  // The idp: fresh database, accounts with the real argon2 parameters, one confidential client.
  const databaseUrl = freshDatabaseUrl('edusso_bench');
  cleanups.push({ what: 'drop the bench database', run: () => dropDatabase(databaseUrl) });
  log(
    `setting up ${databaseUrl.replace(/^.*\//, '')}: migrations, ${ACCOUNTS} accounts (argon2 m=19456), one client`,
  );
  const { accounts, client, population } = await seedIdp(db, databaseUrl);
  const queryPlans = await explainHotPath(db, new URL(databaseUrl).pathname.slice(1), {
    username: accounts[0]!.login,
  });
  log('helpdesk account search, each kind of query');
  const search = await measureSearch(db, databaseUrl);

  const idpExtraEnv = {
    CAPTCHA_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: String(ARGON2_PARAMS.memoryCost),
    LOGIN_IP_MAX_FAILURES: '1000000',
    IDP_WORKERS: String(IDP_WORKERS),
  };
  const env = await appEnv(databaseUrl, { ...idpExtraEnv, ...profilerEnv() });
  cleanups.push({
    what: 'delete the run’s Redis keys',
    run: async () => {
      const n = await deleteRedisKeys(redis, [`${env.REDIS_PREFIX}:*`, `bf:${env.REDIS_PREFIX}:*`]);
      log(`deleted ${n} Redis keys`);
    },
  });
  log(`starting the idp (IDP_WORKERS=${IDP_WORKERS})`);
  const idp: RunningApp = await startApp('idp', env);
  cleanups.push({ what: 'stop the idp', run: () => idp.stop() });
  const agent = keepAliveAgent(CONCURRENCY);
  const discovery = JSON.parse(
    (await request(agent, new URL('/.well-known/openid-configuration', idp.url))).body,
  ) as { token_endpoint: string; authorization_endpoint: string };
  const target: LoginTarget = {
    base: new URL(idp.url),
    agent,
    tokenPath: new URL(discovery.token_endpoint).pathname,
    authorizePath: new URL(discovery.authorization_endpoint).pathname,
    clientId: client.id,
    secret: client.secret,
    redirectUri: REDIRECT_URI,
    scope: LOGIN_SCOPE,
  };
  // One of each before any load, so a broken setup fails with a clear message.
  await clientCredentials(target);
  const probe = await passwordLogin(target, accounts[0]);
  log(`probe login ok: ${probe.httpRequests} HTTP requests per login`);
  let chain = await refreshGrant(target, probe.refresh_token!);
  // (d) one eduinfo token per worker, each of another account.
  const eduinfoTokens: string[] = [];
  for (let w = 0; w < CONCURRENCY; w++)
    eduinfoTokens.push(
      (await passwordLogin({ ...target, scope: EDUINFO_SCOPE }, accounts[(w + 1) % accounts.length]!))
        .access_token,
    );

  // MariaDB/Redis work per operation, step by step, measured alone before any load.
  const loginAccount = () => accounts[next++ % accounts.length];
  let next = 1;
  const footprints = {
    clientCredentials: await footprint(db, redis, 5, async (step) => {
      await clientCredentials(target);
      await step('token', 0);
    }),
    refresh: await footprint(db, redis, 5, async (step) => {
      chain = await refreshGrant(target, chain);
      await step('token', 0);
    }),
    login: await footprint(db, redis, 5, async (step) => {
      await passwordLogin(target, loginAccount(), step);
    }),
    eduinfo: await footprint(db, redis, 5, async (step) => {
      await eduinfoRead(target, EDUINFO_PATH, eduinfoTokens[0]!);
      await step('eduinfo', 0);
    }),
  };

  const ccPhase = await measure('(a) idp client_credentials', idp.child.pid, db, redis, async () => {
    await clientCredentials(target);
  });

  const pool: string[] = [];
  const loginPhase = await measure('(c) idp password login', idp.child.pid, db, redis, async (_w, step) => {
    const tokens = await passwordLogin(target, loginAccount(), step);
    if (tokens.refresh_token && pool.length < 4 * CONCURRENCY) pool.push(tokens.refresh_token);
  });
  // (b) needs one refresh-token chain per worker; top up (bounded) if (c) produced too few.
  for (let i = 0; pool.length < CONCURRENCY && i < 2 * CONCURRENCY; i++) {
    const t = await passwordLogin(target, loginAccount()).catch(() => null);
    if (t?.refresh_token) pool.push(t.refresh_token);
  }
  if (pool.length < CONCURRENCY)
    throw new Error(`only ${pool.length} refresh tokens for ${CONCURRENCY} workers`);
  const chains = pool.slice(-CONCURRENCY);
  const dead = new Set<number>();
  const refreshPhase = await measure('(b) idp refresh', idp.child.pid, db, redis, async (w) => {
    if (dead.has(w)) throw new Error('chain broken earlier');
    try {
      chains[w] = await refreshGrant(target, chains[w]);
    } catch (e) {
      dead.add(w); // a failed rotation leaves no usable token for this chain
      throw e;
    }
  });
  const eduinfoPhase = await measure('(d) idp eduinfo', idp.child.pid, db, redis, async (w) => {
    await eduinfoRead(target, EDUINFO_PATH, eduinfoTokens[w]!);
  });
  agent.destroy();
  const idpErrors = idp.output().match(/"level":(50|60)/g)?.length ?? 0;
  if (idpErrors) notes.push(`The idp logged ${idpErrors} error-level lines during the run.`);
  let instances: BenchReport['instances'];
  if (INSTANCES === 2) {
    await idp.stop(); // its cores go to the two instances
    const workersPerInstance = Math.max(1, Math.floor(IDP_WORKERS / 2));
    const two = await twoInstances(
      {
        env,
        db,
        redis,
        dbName: new URL(databaseUrl).pathname.slice(1),
        target,
        account: loginAccount,
        workersPerInstance,
      },
      true,
    );
    instances = { ...two, comparison: compareInstances(loginPhase, two) };
    notes.push(
      `--instances 2: each instance ran ${workersPerInstance} process(es) (IDP_WORKERS = ${IDP_WORKERS} of the one-instance run, halved${IDP_WORKERS >= 2 ? ', so both runs had the same number of Node processes serving' : ', at least 1: the two instances had one more serving process than the one'}).`,
    );
  }
  await cleanup();

  const phases = {
    bare: barePhase,
    bareLogin: bareLoginPhase,
    clientCredentials: ccPhase,
    refresh: refreshPhase,
    login: loginPhase,
    eduinfo: eduinfoPhase,
  };
  const { targets, normalized, perCore, perCpuSecond, coresAssumed, loadGenInLogin } = analyse(
    machine,
    argonOne,
    argonAll,
    phases,
    quiet,
    probe.httpRequests,
    notes,
  );
  if (PROFILE)
    notes.unshift(
      `BENCH_PROFILE=1: the servers ran under V8's CPU profiler during each window (profiles in ${PROFILE_DIR.slice(ROOT.length)}), which slows them; these numbers are not benchmark results.`,
    );
  if (code.uncommitted.length)
    notes.unshift(
      `Code measured: commit ${code.commit} plus uncommitted changes (other work in progress) in ${code.uncommitted.join(', ')}.`,
    );
  const report: BenchReport = {
    title: `edu-sso bench, ${started.toISOString().slice(0, 10)}, ${machine.hostname}`,
    date: started.toISOString(),
    code,
    command: benchCommand(),
    machine: {
      ...machine,
      loadavgAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
      versions: {
        'oidc-provider': pkgVersion('oidc-provider'),
        '@node-rs/argon2': pkgVersion('@node-rs/argon2'),
        '@nestjs/core': pkgVersion('@nestjs/core'),
      },
    },
    settings: {
      BENCH_CONCURRENCY: CONCURRENCY,
      BENCH_SECONDS: SECONDS,
      BENCH_WARMUP_SECONDS: WARMUP_SECONDS,
      BENCH_QUIET_WAIT_SECONDS: QUIET_WAIT_SECONDS,
      argon2Seconds: ARGON2_SECONDS,
      accounts: ACCOUNTS,
      population,
      loginScope: LOGIN_SCOPE,
      eduinfoScope: EDUINFO_SCOPE,
      idpEnv: { NODE_ENV: 'test', ...idpExtraEnv },
      instances: INSTANCES,
      argon2: ARGON2_PARAMS,
    },
    argon2: {
      params: {
        algorithm: 'argon2id',
        memoryKiB: ARGON2_PARAMS.memoryCost,
        timeCost: ARGON2_PARAMS.timeCost,
        parallelism: ARGON2_PARAMS.parallelism,
      },
      oneThread: argonOne,
      allCores: argonAll,
      perCore,
      perCpuSecond,
      coresAssumedForIdp: coresAssumed,
      coresAssumedWhy: `nproc ${machine.nproc} − ${loadGenInLogin.toFixed(2)} cores the load generator used during (c)`,
      limitForAssumedCores: perCore * coresAssumed,
      limitForAllCores: perCore * machine.nproc,
    },
    phases,
    footprints,
    queryPlans,
    idpWorkers: IDP_WORKERS,
    instances,
    search,
    targets,
    normalized,
    notes,
  };

  const dir = PROFILE ? PROFILE_DIR : `${ROOT}bench/results`;
  mkdirSync(dir, { recursive: true });
  const base = `${dir}/${started.toISOString().slice(0, 10)}-${(hostname() || 'node-svc').replace(/[^\w.-]/g, '_')}${POPULATION ? `-accounts${POPULATION}` : ''}${INSTANCES === 2 ? '-instances2' : ''}${PROFILE ? '-profiled' : ''}`;
  writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${base}.md`, markdown(report));
  process.stdout.write(`\n${table(report)}\n\nwritten: ${base}.json, ${base}.md\n`);
}

try {
  await main();
} catch (e) {
  log(`failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
