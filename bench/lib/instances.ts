/**
 * `--instances 2`: (c) against two idp instances of one issuer (separate processes and ports, one
 * MariaDB, one Redis), each login's requests alternating between them; then the same load with one
 * instance SIGKILLed mid-window, and the checks that nothing it issued was lost.
 */
import type { Redis } from 'ioredis';
import type { Connection } from 'mysql2/promise';
import { freePort, SmtpSink, startApp, type RunningApp } from '#test-support';
import {
  loginToCode,
  passwordLogin,
  redeemCode,
  refreshGrant,
  ssoLogin,
  type Instance,
  type IssuedCode,
  type LoginTarget,
} from './flows.js';
import { checkOutbox, type OutboxCheck } from './outbox-check.js';
import { keepAliveAgent, type CookieJar } from './http.js';
import { processTree } from './machine.js';
import { measure } from './measure.js';
import type { Phase } from './report.js';
import { stopChild } from './runtime.js';
import { CONCURRENCY, SECONDS, WARMUP_SECONDS, log } from './settings.js';

export interface KillOneReport {
  /** Seconds into the measured window when the instance was killed. */
  killedAtSecond: number;
  /** Processes killed (the instance's cluster primary and its workers). */
  processesKilled: number;
  /** Requests the load generator had sent to the killed instance and not yet seen answered. */
  inFlightAtKill: number;
  /** Logins that failed, before and after the kill (the load generator starts new ones on the survivor). */
  failedLogins: { beforeKill: number; afterKill: number };
  failedSamples: string[];
  loginsCompleted: { beforeKill: number; afterKill: number };
  /** Checked on the survivor after the window. */
  checks: {
    refreshTokens: { issuedByKilled: Tally; issuedBySurvivor: Tally };
    sessions: Tally;
    codesIssuedByKilled: Tally;
    outbox: OutboxCheck;
  };
  phase: Phase;
}

export interface Tally {
  tried: number;
  ok: number;
  errors: string[];
}

export interface TwoInstancesReport {
  workersPerInstance: number;
  processes: number;
  login: Phase;
  killOne: KillOneReport | null;
}

interface Deps {
  env: Record<string, string>;
  db: Connection;
  redis: Redis;
  dbName: string;
  target: LoginTarget;
  account: () => { login: string; password: string };
  workersPerInstance: number;
}

async function tally<T>(items: T[], check: (item: T) => Promise<unknown>): Promise<Tally> {
  const t: Tally = { tried: items.length, ok: 0, errors: [] };
  for (const item of items)
    await check(item).then(
      () => t.ok++,
      (e: Error) => t.errors.length < 5 && t.errors.push(e.message.slice(0, 200)),
    );
  return t;
}

/** Two instances of one issuer; the caller stops them. */
async function startPair(env: Record<string, string>, workers: number, extra: Record<string, string> = {}) {
  const [portA, portB] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${portA}`;
  const common = { ...env, ...extra, ISSUER: issuer, IDP_WORKERS: String(workers) };
  // One after the other: two cold starts at once on a busy machine can pass startApp's 30 s.
  const a = await startApp('idp', { ...common, IDP_PORT: String(portA) });
  const b = await startApp('idp', { ...common, IDP_PORT: String(portB) }).catch(async (e: Error) => {
    await a.stop();
    throw e;
  });
  return { a, b };
}

function instance(name: string, app: RunningApp): Instance {
  return { name, base: new URL(app.url), agent: keepAliveAgent(CONCURRENCY), alive: true, inFlight: 0 };
}

export async function twoInstances(d: Deps, withKill: boolean): Promise<TwoInstancesReport> {
  log(`two idp instances, ${d.workersPerInstance} process(es) each, one issuer`);
  let { a, b } = await startPair(d.env, d.workersPerInstance);
  let killOne: KillOneReport | null = null;
  try {
    const pair = [instance('A', a), instance('B', b)];
    const target: LoginTarget = { ...d.target, base: pair[0]!.base, agent: pair[0]!.agent, instances: pair };
    await passwordLogin(target, d.account()); // begun on one, finished on the other, before any load
    const processes = processTree([a.child.pid!, b.child.pid!]).length;
    const login = await measure(
      '(c) idp password login, two instances',
      [a.child.pid!, b.child.pid!],
      d.db,
      d.redis,
      async (_w, step) => {
        await passwordLogin(target, d.account(), step);
      },
    );
    for (const i of pair) i.agent.destroy();
    if (withKill) {
      // A fresh pair: the kill run starts from the same state as the measured one.
      await Promise.all([a.stop(), b.stop()]);
      ({ a, b } = await startPair(d.env, d.workersPerInstance));
      killOne = await killOneRun(d, a, b);
    }
    return { workersPerInstance: d.workersPerInstance, processes, login, killOne };
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

/**
 * (c) against two instances with a worker app and an SMTP sink running; a little before mid-window
 * a handful of codes are issued by B and left unredeemed, then B (primary and workers) is SIGKILLed
 * and taken out of the rotation (as a load balancer's health check would). Afterwards, on A: refresh
 * a sample of the refresh tokens issued before the kill, sign in again by SSO with a sample of the
 * browsers (sessions) from before the kill, redeem B's codes, and wait for every new-device notice
 * the logins queued (outbox rows) to be delivered exactly once.
 */
async function killOneRun(d: Deps, a: RunningApp, b: RunningApp): Promise<KillOneReport> {
  const sink = await SmtpSink.start();
  let worker: RunningApp | undefined;
  try {
    // The earlier phases' notices are not part of this check: mark them relayed so the worker skips them.
    const q = (t: string) => `\`${d.dbName}\`.${t}`;
    await d.db.query(`UPDATE ${q('notification_outbox')} SET relayed_at = NOW(3) WHERE relayed_at IS NULL`);
    const [[{ maxId }]] = (await d.db.query(
      `SELECT COALESCE(MAX(id), 0) AS maxId FROM ${q('notification_outbox')}`,
    )) as unknown as [{ maxId: number }[]];
    worker = await startApp('worker', {
      ...d.env,
      ISSUER: a.url,
      SMTP_URL: sink.url,
      WORKER_PROCESSES: '1',
      NOTIFICATION_RELAY_INTERVAL_MS: '200',
    });

    const pair = [instance('A', a), instance('B', b)];
    const [A, B] = pair as [Instance, Instance];
    const target: LoginTarget = { ...d.target, base: A.base, agent: A.agent, instances: pair };
    const onB: LoginTarget = { ...target, instances: [B] };
    const onA: LoginTarget = { ...target, instances: [A] };

    const before: { refresh: string; issuedBy: string; jar: CookieJar }[] = [];
    let killedAt = Infinity;
    let inFlightAtKill = 0;
    let processesKilled = 0;
    const failed = { beforeKill: 0, afterKill: 0 };
    const completed = { beforeKill: 0, afterKill: 0 };
    const failedSamples: string[] = [];
    const codes: IssuedCode[] = [];

    // Codes issued by B and not redeemed (the RP would redeem them after B is gone): during the
    // warm-up, so the kill at mid-window does not wait for them on a slow machine.
    const killAfterMs = (WARMUP_SECONDS + SECONDS / 2) * 1000;
    const t0 = Date.now();
    const killer = (async () => {
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let i = 0; i < 2; i++)
            await loginToCode(onB, d.account()).then(
              (c) => codes.push(c),
              (e: Error) => log(`kill-one: a code on B failed before the kill: ${e.message}`),
            );
        }),
      );
      const late = Date.now() - t0 - killAfterMs;
      if (late > 0) log(`kill-one: the codes on B took ${late} ms past mid-window; killing B now`);
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + killAfterMs - Date.now())));
      const pids = processTree([b.child.pid!]);
      inFlightAtKill = B.inFlight;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
          processesKilled++;
        } catch {
          // already gone
        }
      }
      killedAt = Date.now();
      B.alive = false;
      log(
        `kill-one: SIGKILLed instance B (${pids.length} processes), ${inFlightAtKill} requests in flight there`,
      );
    })();

    const phase = await measure(
      '(c) idp password login, two instances, one killed mid-window',
      [a.child.pid!, b.child.pid!],
      d.db,
      d.redis,
      async (_w, step) => {
        const startedAt = Date.now();
        try {
          const t = await passwordLogin(target, d.account(), step);
          if (Date.now() < killedAt) {
            completed.beforeKill++;
            if (t.refresh_token) before.push({ refresh: t.refresh_token, issuedBy: t.issuedBy, jar: t.jar });
          } else completed.afterKill++;
        } catch (e) {
          // A login that started after the kill fails for another reason than the kill: count it apart.
          if (Date.now() < killedAt) failed.beforeKill++;
          else failed.afterKill++;
          if (failedSamples.length < 5)
            failedSamples.push(
              `${startedAt < killedAt ? 'begun before' : 'begun after'} the kill: ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 160)}`,
            );
          throw e;
        }
      },
    );
    await killer;
    await stopChild(b.child); // reaps it

    log('kill-one: checking on the survivor what was issued before the kill');
    const sample = <T>(xs: T[], n: number) =>
      xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);
    const byB = before.filter((x) => x.issuedBy === 'B');
    const byA = before.filter((x) => x.issuedBy === 'A');
    const codesIssuedByKilled = await tally(codes, (c) => redeemCode(onA, c)); // first: they live 60 s
    const refreshTokens = {
      issuedByKilled: await tally(sample(byB, 20), (x) => refreshGrant(onA, x.refresh)),
      issuedBySurvivor: await tally(sample(byA, 20), (x) => refreshGrant(onA, x.refresh)),
    };
    const sessions = await tally(sample(before, 10), (x) => ssoLogin(onA, x.jar));

    // Outbox: every row queued since the run began (new-device notices of its logins) sent once.
    const outbox = await checkOutbox(d.db, d.dbName, maxId, sink, 120_000);
    for (const i of pair) i.agent.destroy();
    const report: KillOneReport = {
      killedAtSecond: Math.round((killedAt - t0 - WARMUP_SECONDS * 1000) / 100) / 10,
      processesKilled,
      inFlightAtKill,
      failedLogins: failed,
      failedSamples,
      loginsCompleted: completed,
      checks: { refreshTokens, sessions, codesIssuedByKilled, outbox },
      phase,
    };
    log(
      `kill-one: ${failed.afterKill} logins failed after the kill (${inFlightAtKill} requests in flight at B), ${failed.beforeKill} before; ` +
        `on the survivor: refresh ${refreshTokens.issuedByKilled.ok}/${refreshTokens.issuedByKilled.tried} of B's + ` +
        `${refreshTokens.issuedBySurvivor.ok}/${refreshTokens.issuedBySurvivor.tried} of A's, sessions ${sessions.ok}/${sessions.tried}, ` +
        `B's codes ${codesIssuedByKilled.ok}/${codesIssuedByKilled.tried}; outbox ${outbox.rows} rows, ${outbox.lost} lost, ${outbox.duplicates} duplicated`,
    );
    return report;
  } finally {
    await worker?.stop();
    await sink.stop();
  }
}
