/** One measured window (load, CPU and backend counters) and the wait for a quiet machine. */
import type { Redis } from 'ioredis';
import type { Connection } from 'mysql2/promise';
import { runLoad, type LoadResult, type StepRecorder } from './load.js';
import { backendCounters, CpuMeter, perOp, type BackendCounters, type CpuSample } from './machine.js';
import type { Phase } from './report.js';
import { collectProfile } from './runtime.js';
import { CONCURRENCY, LOAD, log, PROFILE, QUIET_WAIT_SECONDS, SECONDS, WARMUP_SECONDS } from './settings.js';

/** Runs one measurement with CPU and backend counters sampled at the edges of its window. */
export async function measure(
  name: string,
  /** The server(s) under test: their child processes (cluster workers) are counted too. */
  server: number | number[] | undefined,
  db: Connection,
  redis: Redis,
  op: (worker: number, step: StepRecorder) => Promise<void>,
): Promise<Phase> {
  log(`${name}: ${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured, ${CONCURRENCY} workers`);
  const meter = new CpuMeter(server);
  const serverPid = typeof server === 'number' ? server : undefined; // profiling: one process only
  let cpuA: CpuSample | undefined;
  let cpuB: CpuSample | undefined;
  let cntA: BackendCounters | undefined;
  let cntB: BackendCounters | undefined;
  const load: LoadResult = await runLoad(LOAD, op, {
    onWindowStart: async () => {
      if (PROFILE && serverPid) process.kill(serverPid, 'SIGUSR2');
      cpuA = meter.sample();
      cntA = await backendCounters(db, redis);
    },
    onWindowEnd: async () => {
      cpuB = meter.sample();
      cntB = await backendCounters(db, redis);
      if (PROFILE && serverPid) process.kill(serverPid, 'SIGUSR2');
    },
  });
  if (PROFILE && serverPid) await collectProfile(serverPid, name);
  const cpu = CpuMeter.share(cpuA!, cpuB!);
  const phase: Phase = {
    name,
    load,
    cpu,
    backendPerOp: cntA && cntB ? perOp(cntA, cntB, load.ok) : null,
    serverCpuMsPerOp: cpu.server !== null && load.ok ? (cpu.server * 1000) / load.perSecond : null,
  };
  log(
    `${name}: ${load.perSecond.toFixed(1)}/s (${cpu.serverProcesses ?? '?'} server processes), p50 ${load.latencyMs.p50.toFixed(1)} ms, p95 ${load.latencyMs.p95.toFixed(1)} ms, ` +
      `${load.ok} ok, ${load.errors} errors; server ${cpu.server ?? '?'} cores (main thread ${cpu.serverMainThread ?? '?'} running + ${cpu.serverMainThreadWaiting ?? '?'} waiting), load generator ${cpu.loadGenerator} cores`,
  );
  if (load.errorSamples.length) log(`${name}: first errors: ${load.errorSamples.join(' | ')}`);
  return phase;
}

/**
 * The machine may be shared: wait (bounded) until other processes use less than a quarter of a
 * core, sampled over 2 s. Returns what was seen; the run goes ahead either way.
 */
export async function waitForQuietMachine(): Promise<{ waitedSeconds: number; busyCores: number }> {
  const meter = new CpuMeter(undefined);
  const t0 = Date.now();
  for (let i = 0; i < 1000; i++) {
    const a = meter.sample();
    await new Promise((r) => setTimeout(r, 2000));
    const busy = CpuMeter.share(a, meter.sample()).machineBusy;
    const waited = Math.round((Date.now() - t0) / 1000);
    if (busy < 0.25 || waited >= QUIET_WAIT_SECONDS) return { waitedSeconds: waited, busyCores: busy };
    if (i === 0)
      log(`other processes keep ${busy} cores busy; waiting up to ${QUIET_WAIT_SECONDS} s for quiet`);
  }
  return { waitedSeconds: Math.round((Date.now() - t0) / 1000), busyCores: NaN };
}
