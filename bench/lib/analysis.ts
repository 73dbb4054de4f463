/** From the measured phases to the targets, the per-CPU-second comparisons and the run's notes. */
import type { Argon2Result } from './argon2.js';
import type { MachineInfo } from './machine.js';
import type { Phase, Target } from './report.js';
import { pkgVersion } from './runtime.js';
import {
  ACCOUNTS,
  CONCURRENCY,
  IDP_WORKERS,
  QUIET_WAIT_SECONDS,
  SECONDS,
  WARMUP_SECONDS,
} from './settings.js';

export interface RunPhases {
  bare: Phase;
  /** The bare engine's password login: the floor of (c) (bare-engine.ts). */
  bareLogin?: Phase;
  clientCredentials: Phase;
  refresh: Phase;
  login: Phase;
}

export function analyse(
  machine: MachineInfo,
  argonOne: Argon2Result,
  argonAll: Argon2Result,
  phases: RunPhases,
  quiet: { waitedSeconds: number; busyCores: number },
  httpRequestsPerLogin: number,
  notes: string[],
) {
  const { bare: barePhase, clientCredentials: ccPhase, refresh: refreshPhase, login: loginPhase } = phases;
  // Targets. Per-core argon2 limit: hashes per CPU-second of the hashing thread, which equals the
  // one-thread wall-clock rate on an idle core and stays right when other processes take CPU.
  const oneCpuSeconds = (argonOne.cpu?.loadGenerator ?? 0) * argonOne.seconds;
  const perCpuSecond = oneCpuSeconds > 0 ? argonOne.hashes / oneCpuSeconds : argonOne.perSecond;
  const perCore = Math.max(argonOne.perSecond, perCpuSecond);
  const loadGenInLogin = loginPhase.cpu.loadGenerator;
  const coresAssumed = Math.max(0.5, machine.nproc - loadGenInLogin);
  const ccRatio = ccPhase.load.perSecond / barePhase.load.perSecond;
  const loginRatio = loginPhase.load.perSecond / (perCore * coresAssumed);
  const targets: Target[] = [
    {
      id: 'a',
      what: 'client_credentials grants/s vs the bare engine',
      measured: ccPhase.load.perSecond,
      reference: barePhase.load.perSecond,
      referenceWhat: 'bare oidc-provider, same load',
      ratio: ccRatio,
      needed: 0.6,
      met: ccRatio >= 0.6,
    },
    {
      id: 'c',
      what: 'password logins/s vs the argon2id limit',
      measured: loginPhase.load.perSecond,
      reference: perCore * coresAssumed,
      referenceWhat: `${perCore.toFixed(1)} hashes/s per core × ${coresAssumed.toFixed(2)} cores`,
      ratio: loginRatio,
      needed: 0.65,
      met: loginRatio >= 0.65,
    },
  ];
  // The same comparisons per CPU-second of the server process: independent of how much CPU other
  // processes on the machine took during each window (informational, not the targets' definition).
  const perServerCpuSecond = (p: Phase) => (p.cpu.server ? p.load.perSecond / p.cpu.server : NaN);
  const normalized = {
    clientCredentials: {
      idpGrantsPerCpuSecond: perServerCpuSecond(ccPhase),
      bareGrantsPerCpuSecond: perServerCpuSecond(barePhase),
      ratio: perServerCpuSecond(ccPhase) / perServerCpuSecond(barePhase),
    },
    login: {
      idpLoginsPerCpuSecond: perServerCpuSecond(loginPhase),
      argon2HashesPerCpuSecond: perCpuSecond,
      ratio: perServerCpuSecond(loginPhase) / perCpuSecond,
    },
    ...(phases.bareLogin
      ? {
          bareLogin: {
            bareLoginsPerCpuSecond: perServerCpuSecond(phases.bareLogin),
            bareLoginsPerSecond: phases.bareLogin.load.perSecond,
            /** The floor's own ratios to the argon2id limit: what (c) could reach with nothing of the idp's. */
            ratioPerCpuSecond: perServerCpuSecond(phases.bareLogin) / perCpuSecond,
            ratioByClock:
              phases.bareLogin.load.perSecond /
              (perCore * Math.max(0.5, machine.nproc - phases.bareLogin.cpu.loadGenerator)),
            /** The idp's (c) against the floor, per server CPU-second. */
            idpVsBarePerCpuSecond: perServerCpuSecond(loginPhase) / perServerCpuSecond(phases.bareLogin),
          },
        }
      : {}),
  };
  const allCoresRatio = loginPhase.load.perSecond / (perCore * machine.nproc);
  const contended = [
    ['argon2 (1 thread)', argonOne.cpu!.other],
    [`argon2 (${argonAll.threads} threads)`, argonAll.cpu!.other],
    ...[barePhase, ...(phases.bareLogin ? [phases.bareLogin] : []), ccPhase, refreshPhase, loginPhase].map(
      (p) => [p.name, p.cpu.other] as const,
    ),
  ].filter(([, other]) => Number(other) > 0.15);
  notes.unshift(
    `Before starting, the machine was ${quiet.busyCores} cores busy (waited ${quiet.waitedSeconds} s of at most ${QUIET_WAIT_SECONDS} s for quiet).` +
      (contended.length
        ? ` Other processes (not the bench, idp, bare engine, MariaDB or Redis) took CPU during: ${contended.map(([n, o]) => `${n} ${o} cores`).join(', ')}. Rates in those windows are lower than on a dedicated machine; the per-CPU-second comparisons are not affected.`
        : ' No measured window saw more than 0.15 cores of other load.'),
  );
  const demand = (p: Phase) => (p.cpu.serverMainThread ?? 0) + (p.cpu.serverMainThreadWaiting ?? 0);
  const saturated = [barePhase, ccPhase, refreshPhase, loginPhase].filter((p) => demand(p) >= 0.9);
  if (saturated.length)
    notes.push(
      `The server's main thread (its event loop) was running or waiting for a CPU ≥ 90% of the window — saturated — during: ${saturated.map((p) => `${p.name} (${p.cpu.serverMainThread} + ${p.cpu.serverMainThreadWaiting})`).join(', ')}. That process cannot go faster there, whatever cores are left; more IDP_WORKERS can.`,
    );
  notes.push(
    `The idp ran as ${phases.login.cpu.serverProcesses ?? '?'} Node process(es) (IDP_WORKERS = ${IDP_WORKERS}: a cluster primary and its workers when above 1; server CPU sums them all, the main-thread columns are the busiest one's); argon2 runs on each process's libuv threadpool (4 threads by default), so it can use every core. The load generator (this process) used ${loadGenInLogin.toFixed(2)} cores during (c); the cores assumed for the idp are nproc − that = ${coresAssumed.toFixed(2)}. Against all ${machine.nproc} cores the ratio would be ${(allCoresRatio * 100).toFixed(1)}%, against the measured ${argonAll.threads}-thread argon2 rate (${argonAll.perSecond.toFixed(1)}/s) ${((loginPhase.load.perSecond / argonAll.perSecond) * 100).toFixed(1)}%.`,
    `MariaDB and Redis also run on these cores (see their columns); they are not subtracted from the cores assumed for the idp.`,
    `The idp runs with NODE_ENV=test (from the test helpers' startApp) and CAPTCHA_ENABLED=false, which production refuses; ARGON2_MEMORY_KIB=19456 (the production default) is passed explicitly because the test helpers lower it, and the stored hashes were checked to carry m=19456,t=2,p=1.`,
    `Load generator: ${CONCURRENCY} closed-loop workers on node:http with a keep-alive pool of ${CONCURRENCY} sockets per server; an operation counts when it completes inside the ${SECONDS} s window that follows ${WARMUP_SECONDS} s of warm-up.`,
    `(c) uses a fresh cookie jar per login (a new browser, so no SSO session), ${ACCOUNTS} accounts round-robin, a first-party client (no consent page); each login is ${httpRequestsPerLogin} HTTP requests (authorize, login page, login POST, redirect(s) back through the authorization endpoint, code exchange; see the steps table).`,
    `(b) runs ${CONCURRENCY} independent refresh-token chains (from the logins of (c)), each always using the newest rotated token.`,
    `The bare engine is oidc-provider ${pkgVersion('oidc-provider')} alone (no Nest/Express/helmet/pino, no MariaDB/Redis, static client, in-memory adapter) in its own child process (one process, one event loop) with the same load settings. Its password login is (c) reduced to what any oidc-provider-based idp must do: the same requests, argon2id at the same parameters on the login POST, an RS256 ID token, one account with its claims in memory; no lockout, audit, captcha, new-device notice, templates, MariaDB or Redis. Its cost per login is the floor of (c) on this machine.`,
  );

  return { targets, normalized, perCore, perCpuSecond, coresAssumed, loadGenInLogin };
}
