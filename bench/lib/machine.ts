import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, hostname, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type { Connection } from 'mysql2/promise';

export interface MachineInfo {
  hostname: string;
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  mariadb: string;
  redis: string;
  kernel: string;
  loadavgAtStart: number[];
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export async function machineInfo(db: Connection, redis: Redis): Promise<MachineInfo> {
  const cpuinfo = read('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const [rows] = await db.query('SELECT VERSION() AS v');
  const info = await redis.info('server');
  return {
    hostname: hostname(),
    nproc: availableParallelism(),
    cpuModel: model,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    mariadb: String((rows as { v: string }[])[0]?.v ?? 'unknown'),
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    kernel: read('/proc/sys/kernel/osrelease').trim(),
    loadavgAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

let clkTck = 0;
function ticksPerSecond(): number {
  if (!clkTck) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/**
 * CPU seconds (user + system) a process has used, all threads, or with `mainThreadOnly` only its
 * main thread (for Node: the event loop, as opposed to libuv's pool and V8's helper threads);
 * null when it is gone or unreadable.
 */
function processCpuSeconds(pid: number, mainThreadOnly = false): number | null {
  const stat = read(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`);
  if (!stat) return null;
  // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / ticksPerSecond();
}

/** Seconds a thread spent runnable but waiting for a CPU (schedstat run-queue delay), or null. */
function runQueueWaitSeconds(pid: number, tid: number): number | null {
  const fields = read(`/proc/${pid}/task/${tid}/schedstat`).trim().split(/\s+/);
  return fields.length >= 2 ? Number(fields[1]) / 1e9 : null;
}

/** Whole-machine jiffies from /proc/stat: busy (excluding idle, iowait and steal) and steal. */
function machineTicks(): { total: number; busy: number; steal: number } {
  const line = read('/proc/stat').split('\n')[0] ?? '';
  const [, ...nums] = line.trim().split(/\s+/);
  const v = nums.map(Number);
  const [user, nice, system, _idle, _iowait, irq, softirq, steal = 0] = v;
  const total = v.slice(0, 8).reduce((a, b) => a + (b || 0), 0);
  return { total, busy: user + nice + system + irq + softirq, steal: steal || 0 };
}

/** Parent pid of a process from /proc/<pid>/stat (field 4), or null when it is gone. */
function parentPid(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/**
 * A server and every process under it: a cluster primary (IDP_WORKERS) and its workers, found by
 * parent pid in /proc, to any depth.
 */
export function processTree(roots: number[]): number[] {
  const all = new Set(roots.filter((p) => read(`/proc/${p}/stat`)));
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [...all];
  }
  const parents = new Map(entries.map((e) => [Number(e), parentPid(Number(e))]));
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (ppid !== null && all.has(ppid) && !all.has(pid)) {
        all.add(pid);
        grew = true;
      }
  }
  return [...all].sort((a, b) => a - b);
}

/** Pids of local processes by command name (e.g. mariadbd, redis-server); empty when not visible. */
export function pidsByName(names: string[]): number[] {
  const out: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    if (names.includes(read(`/proc/${e}/comm`).trim())) out.push(Number(e));
  }
  return out;
}

export interface CpuShare {
  /**
   * Cores used on average over the window (1.0 = one core fully busy), summed over the server's
   * processes (a cluster primary and its IDP_WORKERS workers; several instances when given).
   */
  server: number | null;
  /** How many server processes were seen (primary and workers of every instance). */
  serverProcesses?: number;
  /**
   * The busiest server process's main thread alone (Node's event loop); it can never exceed 1.0.
   * With a cluster this is the max over the workers (the primary only hands out connections).
   */
  serverMainThread: number | null;
  /**
   * Share of the window the main thread was runnable but waiting for a CPU (other threads and
   * processes had both cores). Running + waiting ≈ 1.0 means the event loop always had work:
   * saturated, whatever its CPU figure says.
   */
  serverMainThreadWaiting: number | null;
  loadGenerator: number;
  mariadb: number | null;
  redis: number | null;
  /** Everything busy on the machine (all processes), in cores. */
  machineBusy: number;
  /** Busy cores not explained by the four above: other work on the machine. */
  other: number;
  /** Cores stolen by the hypervisor. */
  steal: number;
}

interface ProcessCpu {
  cpu: number;
  main: number | null;
  wait: number | null;
}

export interface CpuSample {
  at: number;
  /** Per server process (pid → its CPU), all processes under the server roots. */
  servers: Map<number, ProcessCpu> | null;
  self: number;
  mariadb: number | null;
  redis: number | null;
  machine: { total: number; busy: number; steal: number };
}

export class CpuMeter {
  private readonly mariadbPids = pidsByName(['mariadbd', 'mysqld']);
  private readonly redisPids = pidsByName(['redis-server']);

  private readonly roots: number[];

  /** `server`: the pid(s) of the server(s) under test; their child processes are included. */
  constructor(server: number | number[] | undefined) {
    this.roots = server === undefined ? [] : Array.isArray(server) ? server : [server];
  }

  private serverSample(): Map<number, ProcessCpu> | null {
    if (!this.roots.length) return null;
    const out = new Map<number, ProcessCpu>();
    for (const pid of processTree(this.roots)) {
      const cpu = processCpuSeconds(pid);
      if (cpu === null) continue;
      out.set(pid, {
        cpu,
        main: processCpuSeconds(pid, true),
        wait: runQueueWaitSeconds(pid, pid),
      });
    }
    return out;
  }

  private sum(pids: number[]): number | null {
    if (!pids.length) return null;
    let s = 0;
    for (const p of pids) s += processCpuSeconds(p) ?? 0;
    return s;
  }

  sample(): CpuSample {
    const u = process.cpuUsage();
    return {
      at: performance.now(),
      servers: this.serverSample(),
      self: (u.user + u.system) / 1e6,
      mariadb: this.sum(this.mariadbPids),
      redis: this.sum(this.redisPids),
      machine: machineTicks(),
    };
  }

  static share(a: CpuSample, b: CpuSample): CpuShare {
    const wall = (b.at - a.at) / 1000;
    const d = (x: number | null, y: number | null) => (x === null || y === null ? null : (y - x) / wall);
    const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
    const totalTicks = b.machine.total - a.machine.total;
    const cores = availableParallelism();
    const machineBusy = totalTicks > 0 ? ((b.machine.busy - a.machine.busy) / totalTicks) * cores : 0;
    const steal = totalTicks > 0 ? ((b.machine.steal - a.machine.steal) / totalTicks) * cores : 0;
    // Processes in the later sample: what they used since the first (all of it if they are new,
    // e.g. a replaced worker). A process that died inside the window is not counted.
    let server: number | null = null;
    let main: number | null = null;
    let mainWait: number | null = null;
    if (a.servers && b.servers) {
      server = 0;
      for (const [pid, pb] of b.servers) {
        const pa = a.servers.get(pid);
        server += (pb.cpu - (pa?.cpu ?? 0)) / wall;
        if (!pa || pa.main === null || pb.main === null) continue;
        const m = (pb.main - pa.main) / wall;
        const w = pa.wait === null || pb.wait === null ? null : (pb.wait - pa.wait) / wall;
        if (main === null || m + (w ?? 0) > main + (mainWait ?? 0)) {
          main = m;
          mainWait = w;
        }
      }
    }
    const loadGenerator = (b.self - a.self) / wall;
    const mariadb = d(a.mariadb, b.mariadb);
    const redis = d(a.redis, b.redis);
    // Unknown parts (no server, MariaDB/Redis not visible) count as 0 here, so "other" then includes them.
    const other =
      machineBusy - [server, loadGenerator, mariadb, redis].reduce<number>((s, k) => s + (k ?? 0), 0);
    return {
      server: round(server),
      serverProcesses: b.servers?.size,
      serverMainThread: round(main),
      serverMainThreadWaiting: round(mainWait),
      loadGenerator: round(loadGenerator)!,
      mariadb: round(mariadb),
      redis: round(redis),
      machineBusy: round(machineBusy)!,
      other: round(other)!,
      steal: round(steal)!,
    };
  }
}

export interface BackendCounters {
  questions: number;
  select: number;
  insert: number;
  update: number;
  delete: number;
  redisCommands: number;
}

/** Server-wide MariaDB and Redis counters (they include anything else using those servers). */
export async function backendCounters(db: Connection, redis: Redis): Promise<BackendCounters> {
  const [rows] = await db.query(
    `SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions','Com_select','Com_insert','Com_update','Com_delete')`,
  );
  const m = new Map(
    (rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, +r.Value]),
  );
  const stats = await redis.info('stats');
  return {
    questions: m.get('Questions') ?? 0,
    select: m.get('Com_select') ?? 0,
    insert: m.get('Com_insert') ?? 0,
    update: m.get('Com_update') ?? 0,
    delete: m.get('Com_delete') ?? 0,
    redisCommands: Number(/total_commands_processed:(\d+)/.exec(stats)?.[1] ?? 0),
  };
}

export type PerOp = Record<keyof BackendCounters, number>;

/** Counter deltas per operation; the bench's own sampling query (one per server per edge) is subtracted. */
export function perOp(a: BackendCounters, b: BackendCounters, ops: number): PerOp {
  const own = { questions: 1, select: 0, insert: 0, update: 0, delete: 0, redisCommands: 1 };
  const out = {} as PerOp;
  for (const k of Object.keys(a) as (keyof BackendCounters)[])
    out[k] = ops ? Math.round(((b[k] - a[k] - own[k]) / ops) * 100) / 100 : NaN;
  return out;
}
