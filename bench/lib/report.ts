import type { Argon2Result } from './argon2.js';
import type { QueryPlan } from './explain.js';
import type { StepFootprint } from './footprint.js';
import type { LoadResult } from './load.js';
import type { TwoInstancesReport } from './instances.js';
import type { CpuShare, MachineInfo, PerOp } from './machine.js';
import { scaleSections, type InstancesComparison } from './report-scale.js';
import type { SearchKindResult } from './search.js';

export interface Phase {
  name: string;
  load: LoadResult;
  cpu: CpuShare;
  /** MariaDB statements and Redis commands per successful operation (server-wide counters). */
  backendPerOp: PerOp | null;
  /** CPU milliseconds the server process spent per successful operation. */
  serverCpuMsPerOp: number | null;
}

export interface Target {
  id: 'a' | 'c';
  what: string;
  measured: number;
  reference: number;
  referenceWhat: string;
  ratio: number;
  needed: number;
  met: boolean;
}

export interface BenchReport {
  title: string;
  date: string;
  command: string;
  /** Git HEAD and files changed but not committed (outside bench/) when the run started. */
  code: { commit: string; uncommitted: string[] };
  machine: MachineInfo & { loadavgAtEnd: number[]; versions: Record<string, string> };
  settings: Record<string, unknown>;
  argon2: {
    params: { algorithm: 'argon2id'; memoryKiB: number; timeCost: number; parallelism: number };
    oneThread: Argon2Result;
    allCores: Argon2Result;
    /** The per-core limit used: max(one-thread hashes/s, hashes per CPU-second of that run). */
    perCore: number;
    perCpuSecond: number;
    coresAssumedForIdp: number;
    coresAssumedWhy: string;
    limitForAssumedCores: number;
    limitForAllCores: number;
  };
  /** `eduinfo` since the million-account bench (older reports lack it). */
  phases: {
    bare: Phase;
    /** The bare engine's password login, the floor of (c) (since 2026-12-02's second session). */
    bareLogin?: Phase;
    clientCredentials: Phase;
    refresh: Phase;
    login: Phase;
    eduinfo?: Phase;
  };
  /** MariaDB statements and Redis commands of one operation run alone, per step (min of 5 runs). */
  footprints: Record<'clientCredentials' | 'refresh' | 'login', Record<string, StepFootprint>> & {
    eduinfo?: Record<string, StepFootprint>;
  };
  /** EXPLAIN of the hot path's lookups on the run's database (since the million-account bench). */
  queryPlans?: QueryPlan[];
  /** IDP_WORKERS of the idp under test (processes behind its port; since [scale]). */
  idpWorkers?: number;
  /** `--instances 2`: (c) against two instances, and one killed mid-window. */
  instances?: TwoInstancesReport & { comparison: InstancesComparison };
  /** The helpdesk portal's account search at the run's size. */
  search?: SearchKindResult[];
  targets: Target[];
  normalized: {
    clientCredentials: { idpGrantsPerCpuSecond: number; bareGrantsPerCpuSecond: number; ratio: number };
    login: { idpLoginsPerCpuSecond: number; argon2HashesPerCpuSecond: number; ratio: number };
    bareLogin?: {
      bareLoginsPerCpuSecond: number;
      bareLoginsPerSecond: number;
      ratioPerCpuSecond: number;
      ratioByClock: number;
      idpVsBarePerCpuSecond: number;
    };
  };
  notes: string[];
}

const f = (n: number | null | undefined, d = 1) =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(d);
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

function phaseRows(r: BenchReport): [string, Phase][] {
  return [
    ['bare oidc-provider, client_credentials', r.phases.bare],
    ...(r.phases.bareLogin
      ? [['bare oidc-provider, password login (the floor of (c))', r.phases.bareLogin] as [string, Phase]]
      : []),
    ['(a) idp client_credentials', r.phases.clientCredentials],
    ['(b) idp refresh_token (rotating)', r.phases.refresh],
    ['(c) idp full password login', r.phases.login],
    ...(r.phases.eduinfo ? [['(d) idp eduinfo (bearer)', r.phases.eduinfo] as [string, Phase]] : []),
  ];
}

/** The console table. */
export function table(r: BenchReport): string {
  const rows = [
    [
      'measurement',
      'ops/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'errors',
      'server cores',
      'main thread',
      'load-gen cores',
    ],
    ...phaseRows(r).map(([name, p]) => [
      name,
      f(p.load.perSecond),
      f(p.load.latencyMs.p50),
      f(p.load.latencyMs.p95),
      f(p.load.latencyMs.p99),
      String(p.load.errors),
      f(p.cpu.server, 2),
      f(p.cpu.serverMainThread, 2),
      f(p.cpu.loadGenerator, 2),
    ]),
    [
      'argon2id m=19456 t=2 p=1, 1 thread',
      f(r.argon2.oneThread.perSecond),
      f(r.argon2.oneThread.meanMs),
      '',
      '',
      '',
      '',
      '',
      '',
    ],
    [
      `argon2id, ${r.argon2.allCores.threads} threads`,
      f(r.argon2.allCores.perSecond),
      f(r.argon2.allCores.meanMs),
      '',
      '',
      '',
      '',
      '',
      '',
    ],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  out.push('');
  for (const t of r.targets)
    out.push(
      `target (${t.id}) ${t.what}: ${f(t.measured)} / ${f(t.reference)} (${t.referenceWhat}) = ${pct(t.ratio)}, needs ≥ ${pct(t.needed)} → ${t.met ? 'MET' : 'NOT MET'}`,
    );
  return out.join('\n');
}

/** The Markdown file written next to the JSON. */
export function markdown(r: BenchReport): string {
  const m = r.machine;
  const md: string[] = [];
  md.push(`# ${r.title}`, '');
  md.push(`Run ${r.date} with \`${r.command}\`. Raw numbers: the \`.json\` file of the same name.`, '');
  md.push(
    `Code: commit \`${r.code.commit}\`${r.code.uncommitted.length ? `, plus uncommitted changes in ${r.code.uncommitted.map((f) => `\`${f}\``).join(', ')}` : ' (clean working tree outside bench/)'}.`,
    '',
  );
  md.push('## Machine', '');
  md.push('| | |', '|---|---|');
  md.push(`| host | ${m.hostname} |`);
  md.push(`| CPU | ${m.cpuModel}, nproc = ${m.nproc} |`);
  md.push(`| memory | ${m.memoryGiB} GiB |`);
  md.push(`| kernel | ${m.kernel} |`);
  md.push(`| Node | ${m.node} |`);
  md.push(`| MariaDB | ${m.mariadb} |`);
  md.push(`| Redis | ${m.redis} |`);
  for (const [k, v] of Object.entries(m.versions)) md.push(`| ${k} | ${v} |`);
  md.push(
    `| load average (1/5/15 min) at start → end | ${m.loadavgAtStart.join(' / ')} → ${m.loadavgAtEnd.join(' / ')} |`,
  );
  md.push('');
  md.push(
    `**Shared cores.** The server under test (the idp, or the bare engine), MariaDB, Redis and the load generator all run on these ${m.nproc} cores; the "cores" columns below show how they split them during each measured window. "server main thread" is the server's event loop alone: the share of the window it ran, plus the share it was runnable but waited for a CPU (their sum near 1.0 means the event loop always had work: saturated); the rest of "server cores" is libuv's threadpool (argon2) and V8's helper threads.`,
    '',
  );

  md.push('## Results', '');
  md.push(
    '| measurement | ops/s | p50 ms | p95 ms | p99 ms | ok | errors | server cores | server main thread: running + waiting for a CPU | load-gen cores | MariaDB cores | Redis cores | other cores | machine busy |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const [name, p] of phaseRows(r))
    md.push(
      `| ${name} | ${f(p.load.perSecond)} | ${f(p.load.latencyMs.p50)} | ${f(p.load.latencyMs.p95)} | ${f(p.load.latencyMs.p99)} | ${p.load.ok} | ${p.load.errors} | ${f(p.cpu.server, 2)} | ${f(p.cpu.serverMainThread, 2)} + ${f(p.cpu.serverMainThreadWaiting, 2)} | ${f(p.cpu.loadGenerator, 2)} | ${f(p.cpu.mariadb, 2)} | ${f(p.cpu.redis, 2)} | ${f(p.cpu.other, 2)} | ${f(p.cpu.machineBusy, 2)} of ${m.nproc} |`,
    );
  md.push('');
  if (r.idpWorkers)
    md.push(
      `Server processes seen per window (the idp: IDP_WORKERS = ${r.idpWorkers}; a cluster primary and its workers when above 1; "server cores" sums them, the main-thread column is the busiest one's): ${phaseRows(
        r,
      )
        .map(([name, p]) => `${name} ${p.cpu.serverProcesses ?? '?'}`)
        .join(', ')}.`,
      '',
    );
  const a = r.argon2;
  md.push(
    `argon2id (m=${a.params.memoryKiB} KiB, t=${a.params.timeCost}, p=${a.params.parallelism}, \`@node-rs/argon2\` \`hash\`, in the bench process before any server was started; "other cores" is load from other processes on the machine meanwhile):`,
    '',
  );
  md.push(
    '| threads | hashes/s | mean ms per hash | hashes | seconds | bench process cores | other cores | machine busy |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const x of [a.oneThread, a.allCores])
    md.push(
      `| ${x.threads} | ${f(x.perSecond)} | ${f(x.meanMs)} | ${x.hashes} | ${f(x.seconds)} | ${f(x.cpu?.loadGenerator, 2)} | ${f(x.cpu?.other, 2)} | ${f(x.cpu?.machineBusy, 2)} of ${m.nproc} |`,
    );
  md.push('');
  md.push(
    `One thread: ${f(a.oneThread.perSecond)} hashes/s by the clock, ${f(a.perCpuSecond)} per CPU-second of the bench process. Per-core limit used (the larger): **${f(a.perCore)} hashes/s**. Cores assumed for the idp: **${f(a.coresAssumedForIdp, 2)}** (${a.coresAssumedWhy}) → limit ${f(a.limitForAssumedCores)} logins/s; with all ${m.nproc} cores: ${f(a.limitForAllCores)} logins/s.`,
    '',
  );

  md.push('## Targets', '');
  md.push('| target | measured | reference | ratio | needed | met |', '|---|--:|---|--:|--:|---|');
  for (const t of r.targets)
    md.push(
      `| (${t.id}) ${t.what} | ${f(t.measured)}/s | ${f(t.reference)}/s (${t.referenceWhat}) | ${pct(t.ratio)} | ≥ ${pct(t.needed)} | ${t.met ? '**met**' : '**not met**'} |`,
    );
  md.push('');
  const n = r.normalized;
  md.push(
    'Per CPU-second of the server process (not affected by how much CPU other processes took; informational):',
    '',
  );
  md.push('| comparison | idp | reference | ratio |', '|---|--:|--:|--:|');
  md.push(
    `| (a) client_credentials grants per server CPU-second, idp vs bare | ${f(n.clientCredentials.idpGrantsPerCpuSecond)} | ${f(n.clientCredentials.bareGrantsPerCpuSecond)} | ${pct(n.clientCredentials.ratio)} |`,
  );
  md.push(
    `| (c) logins per idp CPU-second vs argon2id hashes per CPU-second | ${f(n.login.idpLoginsPerCpuSecond)} | ${f(n.login.argon2HashesPerCpuSecond)} | ${pct(n.login.ratio)} |`,
  );
  md.push('');
  if (n.bareLogin) {
    const b = n.bareLogin;
    md.push(
      "**The floor of (c).** The bare engine's password login (the same requests and argon2id, nothing of the idp's own; see the notes) against the same argon2id limit: what an oidc-provider-based idp could reach on this machine with zero cost of its own.",
      '',
      '| comparison | value | reference | ratio |',
      '|---|--:|--:|--:|',
      `| bare logins/s vs the argon2id limit (by the clock, its own load-generator share subtracted) | ${f(b.bareLoginsPerSecond)} | – | ${pct(b.ratioByClock)} |`,
      `| bare logins per server CPU-second vs argon2id hashes per CPU-second | ${f(b.bareLoginsPerCpuSecond)} | ${f(n.login.argon2HashesPerCpuSecond)} | ${pct(b.ratioPerCpuSecond)} |`,
      `| (c) idp logins per server CPU-second vs the bare login's | ${f(n.login.idpLoginsPerCpuSecond)} | ${f(b.bareLoginsPerCpuSecond)} | ${pct(b.idpVsBarePerCpuSecond)} |`,
      '',
    );
  }

  md.push('## Cost per operation', '');
  md.push(
    'Server CPU is the server process only (all its threads, argon2 included). MariaDB and Redis counts are server-wide counter deltas divided by successful operations, so anything else using those servers during the window inflates them.',
    '',
  );
  md.push(
    '| measurement | server CPU ms/op | MariaDB statements/op | SELECT | INSERT | UPDATE | DELETE | Redis commands/op |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const [name, p] of phaseRows(r)) {
    const b = p.backendPerOp;
    md.push(
      `| ${name} | ${f(p.serverCpuMsPerOp, 2)} | ${f(b?.questions, 2)} | ${f(b?.select, 2)} | ${f(b?.insert, 2)} | ${f(b?.update, 2)} | ${f(b?.delete, 2)} | ${f(b?.redisCommands, 2)} |`,
    );
  }
  md.push('');

  md.push(
    'One operation alone (no load), server-wide counters read between its steps, minimum of 5 runs:',
    '',
  );
  md.push(
    '| operation | step | MariaDB SELECT | INSERT | UPDATE | DELETE | Redis commands |',
    '|---|---|--:|--:|--:|--:|--:|',
  );
  const names = {
    clientCredentials: '(a) client_credentials',
    refresh: '(b) refresh',
    login: '(c) login',
    eduinfo: '(d) eduinfo',
  };
  for (const [op, steps] of Object.entries(r.footprints)) {
    const total = { select: 0, insert: 0, update: 0, delete: 0, redisCommands: 0 };
    for (const [step, x] of Object.entries(steps)) {
      md.push(
        `| ${names[op as keyof typeof names]} | ${step} | ${x.select} | ${x.insert} | ${x.update} | ${x.delete} | ${x.redisCommands} |`,
      );
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += x[k];
    }
    if (Object.keys(steps).length > 1)
      md.push(
        `| ${names[op as keyof typeof names]} | **total** | ${total.select} | ${total.insert} | ${total.update} | ${total.delete} | ${total.redisCommands} |`,
      );
  }
  md.push('');

  const steps = r.phases.login.load.stepsMs;
  if (steps) {
    md.push('## Where a login spends its time (client-side, per step)', '');
    md.push('| step | mean ms | p50 ms | p95 ms |', '|---|--:|--:|--:|');
    for (const [name, s] of Object.entries(steps))
      md.push(`| ${name} | ${f(s.mean)} | ${f(s.p50)} | ${f(s.p95)} |`);
    md.push('');
  }

  const errs = phaseRows(r).filter(([, p]) => p.load.errorSamples.length);
  if (errs.length) {
    md.push('## Errors (first samples)', '');
    for (const [name, p] of errs) for (const e of p.load.errorSamples) md.push(`- ${name}: \`${e}\``);
    md.push('');
  }

  if (r.queryPlans?.length) {
    md.push('## Query plans at this size (EXPLAIN)', '');
    md.push('| lookup | table | access | key | rows expected |', '|---|---|---|---|--:|');
    for (const x of r.queryPlans)
      for (const p of x.plan) md.push(`| ${x.what} | ${p.table} | ${p.type} | ${p.key ?? '–'} | ${p.rows} |`);
    md.push('');
  }

  md.push(...scaleSections(r));

  md.push('## Settings', '');
  md.push('| | |', '|---|---|');
  for (const [k, v] of Object.entries(r.settings))
    md.push(`| ${k} | ${typeof v === 'string' ? v : `\`${JSON.stringify(v)}\``} |`);
  md.push('');
  md.push('## Notes', '');
  for (const n of r.notes) md.push(`- ${n}`);
  md.push('');
  return md.join('\n');
}
