/** The results' sections for the idp's processes, two instances, the kill-one run and account search. */
import type { TwoInstancesReport, Tally } from './instances.js';
import type { Phase } from './report.js';
import type { SearchKindResult } from './search.js';

const f = (n: number | null | undefined, d = 1) =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(d);
const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : '–');

export interface InstancesComparison {
  one: {
    loginsPerSecond: number;
    serverCores: number | null;
    loginsPerServerCpuSecond: number;
    processes: number;
  };
  two: {
    loginsPerSecond: number;
    serverCores: number | null;
    loginsPerServerCpuSecond: number;
    processes: number;
  };
  /** Two instances' logins per server CPU-second over one's (the target: ≥ 0.9). */
  ratio: number;
  met: boolean;
}

export function compareInstances(one: Phase, two: TwoInstancesReport): InstancesComparison {
  const side = (p: Phase) => ({
    loginsPerSecond: p.load.perSecond,
    serverCores: p.cpu.server,
    loginsPerServerCpuSecond: p.cpu.server ? p.load.perSecond / p.cpu.server : NaN,
    processes: p.cpu.serverProcesses ?? 0,
  });
  const a = side(one);
  const b = side(two.login);
  const ratio = b.loginsPerServerCpuSecond / a.loginsPerServerCpuSecond;
  return { one: a, two: b, ratio, met: ratio >= 0.9 };
}

const tally = (t: Tally) => `${t.ok} of ${t.tried}${t.errors.length ? ` (${t.errors.join('; ')})` : ''}`;

export function scaleSections(r: {
  idpWorkers?: number;
  instances?: TwoInstancesReport & { comparison: InstancesComparison };
  search?: SearchKindResult[];
}): string[] {
  const md: string[] = [];
  const x = r.instances;
  if (x) {
    const c = x.comparison;
    md.push('## Two instances (`--instances 2`)', '');
    md.push(
      `Two idp processes trees of one issuer on their own ports (${x.workersPerInstance} process(es) each, IDP_WORKERS), one MariaDB, one Redis. Each login's requests alternate between them (authorize on one, login page on the other, …), so every login is begun on one instance and finished on the other.`,
      '',
    );
    md.push(
      '| | server processes | logins/s | server cores | logins per server CPU-second |',
      '|---|--:|--:|--:|--:|',
      `| one instance | ${c.one.processes} | ${f(c.one.loginsPerSecond)} | ${f(c.one.serverCores, 2)} | ${f(c.one.loginsPerServerCpuSecond)} |`,
      `| two instances | ${c.two.processes} | ${f(c.two.loginsPerSecond)} | ${f(c.two.serverCores, 2)} | ${f(c.two.loginsPerServerCpuSecond)} |`,
      '',
      `Two instances vs one, logins per server CPU-second: **${pct(c.ratio)}** (needed ≥ 90%: ${c.met ? 'met' : 'not met'}).`,
      '',
    );
    const k = x.killOne;
    if (k) {
      md.push('## One instance killed mid-window', '');
      md.push(
        `Instance B (${k.processesKilled} processes) was SIGKILLed ${f(k.killedAtSecond)} s into the ${f(k.phase.load.windowSeconds)} s window and taken out of the rotation; new logins and the remaining steps of logins under way went to A.`,
        '',
        '| | |',
        '|---|--:|',
        `| requests in flight at B when it was killed | ${k.inFlightAtKill} |`,
        `| logins failed after the kill | ${k.failedLogins.afterKill} |`,
        `| logins failed before the kill | ${k.failedLogins.beforeKill} |`,
        `| logins completed before / after the kill | ${k.loginsCompleted.beforeKill} / ${k.loginsCompleted.afterKill} |`,
        `| refresh tokens issued by B, refreshed on A | ${tally(k.checks.refreshTokens.issuedByKilled)} |`,
        `| refresh tokens issued by A, refreshed on A | ${tally(k.checks.refreshTokens.issuedBySurvivor)} |`,
        `| sessions from before the kill, SSO login on A (no login page) | ${tally(k.checks.sessions)} |`,
        `| codes issued by B, not redeemed before the kill, redeemed on A | ${tally(k.checks.codesIssuedByKilled)} |`,
        `| new-device mails queued (outbox rows) | ${k.checks.outbox.rows} |`,
        `| delivered / lost / duplicated | ${k.checks.outbox.delivered} / ${k.checks.outbox.lost} / ${k.checks.outbox.duplicates} (after ${f(k.checks.outbox.waitedSeconds)} s) |`,
        '',
      );
      if (k.failedSamples.length) md.push(...k.failedSamples.map((s) => `- \`${s}\``), '');
    }
  }
  if (r.search?.length) {
    md.push('## Helpdesk account search at this size', '');
    md.push(
      "SearchAccountsUseCase in-process (the Nest module, the run's database), values sampled at evenly spaced account ids, superadmin scope unless said; the plan is EXPLAIN of the last statement of each kind.",
      '',
      '| kind | read as | queries | hits | p50 ms | p95 ms | max ms | plan (table: access / key / rows) |',
      '|---|---|--:|--:|--:|--:|--:|---|',
    );
    for (const s of r.search)
      md.push(
        `| ${s.kind} | ${s.matchedBy} | ${s.queries} | ${f(s.hits)} | ${f(s.latencyMs.p50)} | ${f(s.latencyMs.p95)} | ${f(s.latencyMs.max)} | ${s.plan.map((p) => `${p.table}: ${p.type} / ${p.key ?? '–'} / ${p.rows}${p.extra ? ` (${p.extra})` : ''}`).join('<br>')} |`,
      );
    md.push('');
  }
  return md;
}
