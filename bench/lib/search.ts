/**
 * The helpdesk portal's account search (libs/helpdesk SearchAccountsUseCase) at the run's size
 * (`--accounts N`): each kind of query the search box understands, run in-process through the Nest
 * module against the run's database, with values sampled from it; p50/p95 per kind and the EXPLAIN
 * plan of the exact statement the use case sent.
 */
import type { Connection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { HelpdeskModule, SearchAccountsUseCase, type StaffMember } from '#helpdesk';
import { PiiService } from '#identity-core';
import { identityCoreContext } from '#test-support';
import { summarize, type Latency } from './load.js';
import type { QueryPlan } from './explain.js';
import { ARGON2_PARAMS } from './argon2.js';
import { log } from './settings.js';

export interface SearchKindResult {
  kind: string;
  /** How the use case read the query (its `matchedBy`). */
  matchedBy: string;
  example: string;
  queries: number;
  /** Mean hits on the first page. */
  hits: number;
  latencyMs: Latency;
  plan: QueryPlan['plan'];
  sql: string;
}

const RUNS = 40;

const staff = (role: StaffMember['role'], county: string | null = null): StaffMember => ({
  accountId: '0',
  sub: '00000000-0000-0000-0000-000000000000',
  username: 'bench.staff',
  displayName: 'Bench Staff',
  role,
  county,
  schoolId: null,
  grantedBy: 'bench',
  grantedAt: new Date(),
});

export async function measureSearch(db: Connection, databaseUrl: string): Promise<SearchKindResult[]> {
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const q = (t: string) => `\`${dbName}\`.${t}`;
  const ctx = await identityCoreContext({
    imports: [HelpdeskModule as never],
    env: { DATABASE_URL: databaseUrl, ARGON2_MEMORY_KIB: String(ARGON2_PARAMS.memoryCost) },
  });
  try {
    const search = ctx.app.get(SearchAccountsUseCase);
    const pii = ctx.app.get(PiiService);
    const dataSource = ctx.app.get(DataSource);
    // The statement the use case sends, captured to EXPLAIN it with the same parameters.
    let last: { sql: string; params: unknown[] } | null = null;
    const query = dataSource.query.bind(dataSource);
    dataSource.query = ((sql: string, params?: unknown[]) => {
      last = { sql, params: params ?? [] };
      return query(sql, params);
    }) as typeof dataSource.query;

    // Values spread over the table: rows at evenly spaced ids, so pages and caches are not all warm.
    const [[range]] = (await db.query(
      `SELECT MIN(id) AS lo, MAX(id) AS hi FROM ${q('accounts')}`,
    )) as unknown as [{ lo: number; hi: number }[]];
    const ids = Array.from({ length: RUNS * 4 }, (_, i) =>
      Math.floor(range!.lo + ((range!.hi - range!.lo) * (i + 0.5)) / (RUNS * 4)),
    );
    const [rows] = (await db.query(
      `SELECT a.username, a.display_name, a.email, a.phone, a.national_id_cipher,
         (SELECT f.school_id FROM ${q('affiliations')} f WHERE f.account_id = a.id LIMIT 1) AS school,
         (SELECT s.county FROM ${q('affiliations')} f JOIN ${q('schools')} s ON s.eduid = f.school_id
           WHERE f.account_id = a.id LIMIT 1) AS county
       FROM ${q('accounts')} a WHERE a.id IN (?)`,
      [ids],
    )) as unknown as [
      {
        username: string | null;
        display_name: string;
        email: string | null;
        phone: string | null;
        national_id_cipher: string | null;
        school: string | null;
        county: string | null;
      }[],
    ];
    const pick = <T>(f: (r: (typeof rows)[number]) => T | null) =>
      rows
        .map(f)
        .filter((v): v is T => v !== null && v !== undefined)
        .slice(0, RUNS);
    const kinds: { kind: string; who: StaffMember; inputs: { q?: string; school?: string }[] }[] = [
      {
        kind: 'national ID (blind index)',
        who: staff('superadmin'),
        inputs: pick((r) => (r.national_id_cipher ? { q: pii.decrypt(r.national_id_cipher) } : null)),
      },
      { kind: 'phone', who: staff('superadmin'), inputs: pick((r) => (r.phone ? { q: r.phone } : null)) },
      { kind: 'email', who: staff('superadmin'), inputs: pick((r) => (r.email ? { q: r.email } : null)) },
      {
        kind: 'username',
        who: staff('superadmin'),
        inputs: pick((r) => (r.username ? { q: r.username } : null)),
      },
      {
        kind: 'name prefix (2 characters)',
        who: staff('superadmin'),
        inputs: pick((r) => ({ q: [...r.display_name].slice(0, 2).join('') })),
      },
      {
        kind: 'school',
        who: staff('superadmin'),
        inputs: pick((r) => (r.school ? { school: r.school } : null)),
      },
      {
        kind: 'name prefix, county-admin scope',
        who: staff('county-admin', rows.find((r) => r.county)?.county ?? null),
        inputs: pick((r) => ({ q: [...r.display_name].slice(0, 2).join('') })),
      },
    ];

    const results: SearchKindResult[] = [];
    for (const k of kinds) {
      if (!k.inputs.length) continue;
      await search.execute(k.who, k.inputs[0]!); // warm the statement path once
      const ms: number[] = [];
      let hits = 0;
      let matchedBy = '';
      for (const input of k.inputs) {
        const t0 = performance.now();
        const r = await search.execute(k.who, input);
        ms.push(performance.now() - t0);
        hits += r.hits.length;
        matchedBy = r.matchedBy;
      }
      const stmt = last as { sql: string; params: unknown[] } | null;
      let plan: QueryPlan['plan'] = [];
      if (stmt) {
        const explained = (await query(`EXPLAIN ${stmt.sql}`, stmt.params)) as {
          table: string;
          type: string;
          key: string | null;
          rows: number;
          Extra: string | null;
        }[];
        plan = explained.map((p) => ({
          table: p.table,
          type: p.type,
          key: p.key,
          rows: Number(p.rows),
          extra: p.Extra,
        }));
      }
      const example = k.inputs[0]!.q ?? `school ${k.inputs[0]!.school}`;
      const result: SearchKindResult = {
        kind: k.kind,
        matchedBy,
        example: k.kind.startsWith('national') ? `${example.slice(0, 2)}*****${example.slice(-3)}` : example,
        queries: ms.length,
        hits: hits / ms.length,
        latencyMs: summarize(ms),
        plan,
        sql: (stmt?.sql ?? '').replace(/\s+/g, ' ').trim(),
      };
      results.push(result);
      log(
        `search ${k.kind}: p50 ${result.latencyMs.p50.toFixed(1)} ms, p95 ${result.latencyMs.p95.toFixed(1)} ms ` +
          `(${result.queries} queries, ${result.hits.toFixed(1)} hits each); plan ${plan.map((p) => `${p.table}:${p.type}/${p.key ?? '-'}/${p.rows}`).join(', ')}`,
      );
    }
    return results;
  } finally {
    await ctx.app.close(); // not ctx.close(): the database is the run's, dropped at its end
  }
}
