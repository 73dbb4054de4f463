/**
 * Summarizes a V8 .cpuprofile (from `BENCH_PROFILE=1 npm run bench`): where the process spent
 * its CPU, by package (self time, and inclusive: samples with that package anywhere on the stack)
 * and the functions with the most self time.
 *
 *   node dist/bench/profile-summary.js bench/tmp/profiles-…/a-idp-client_credentials.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function bucket(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const own = /\/dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (own) return own[1];
  if (url.startsWith('node:')) return url.replace(/\/.*$/, '');
  return url.replace(/^.*\//, '');
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfUs = new Map<number, number>();
for (let i = 0; i < p.samples.length; i++)
  selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)');
const idleUs = idle.reduce((a, [, us]) => a + us, 0);

const selfBy = new Map<string, number>();
const inclBy = new Map<string, number>();
const fnSelf = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const b = bucket(n.callFrame.url, n.callFrame.functionName);
  selfBy.set(b, (selfBy.get(b) ?? 0) + us);
  const key = `${n.callFrame.functionName || '(anonymous)'}  ${n.callFrame.url.replace(/^.*\/(node_modules|dist)\//, '')}:${n.callFrame.lineNumber + 1}`;
  fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const c = byId.get(cur)!.callFrame;
    seen.add(bucket(c.url, c.functionName));
  }
  for (const s of seen) inclBy.set(s, (inclBy.get(s) ?? 0) + us);
}

const busy = total - idleUs;
const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
const out: string[] = [];
out.push(
  `${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (percentages of busy)`,
);
out.push('', 'self time by package                 self  inclusive');
for (const [b, us] of [...selfBy]
  .filter(([b]) => b !== '(idle)')
  .sort((x, y) => y[1] - x[1])
  .slice(0, top))
  out.push(`  ${b.padEnd(32)} ${pct(us)}  ${pct(inclBy.get(b) ?? 0)}`);
out.push('', 'inclusive time by package (stack contains it)');
for (const [b, us] of [...inclBy]
  .filter(([b]) => !b.startsWith('('))
  .sort((x, y) => y[1] - x[1])
  .slice(0, top))
  out.push(`  ${b.padEnd(32)} ${pct(us)}`);
out.push('', 'functions by self time');
for (const [k, us] of [...fnSelf]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((x, y) => y[1] - x[1])
  .slice(0, top))
  out.push(`  ${pct(us)}  ${k}`);
process.stdout.write(out.join('\n') + '\n');
