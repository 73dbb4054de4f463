/**
 * The query plans of the hot path's lookups, read with EXPLAIN on the run's database (at its size:
 * `--accounts N`), so docs/decisions.md can point at measured plans instead of assumptions. Each
 * query is the statement the repository issues, with a bench account's values.
 */
import type { Connection } from 'mysql2/promise';

export interface QueryPlan {
  what: string;
  sql: string;
  /** One row per table EXPLAIN lists: access type, the key used and the rows it expects to read. */
  plan: { table: string; type: string; key: string | null; rows: number; extra: string | null }[];
}

export async function explainHotPath(
  db: Connection,
  dbName: string,
  sample: { username: string },
): Promise<QueryPlan[]> {
  const q = (t: string) => `\`${dbName}\`.${t}`;
  const [rows] = (await db.query(
    `SELECT sub, email, national_id_index AS nid FROM ${q('accounts')} WHERE username = ?`,
    [sample.username],
  )) as unknown as [{ sub: string; email: string | null; nid: string | null }[]];
  const a = rows[0];
  if (!a) throw new Error(`explain: no account ${sample.username}`);
  const queries: { what: string; sql: string; params: unknown[] }[] = [
    {
      what: 'login form: account by username',
      sql: `SELECT * FROM ${q('accounts')} WHERE username = ? LIMIT 1`,
      params: [sample.username],
    },
    {
      what: 'engine: account by sub (ID token, UserInfo)',
      sql: `SELECT * FROM ${q('accounts')} WHERE sub = ? LIMIT 1`,
      params: [a.sub],
    },
    {
      what: 'eduinfo: account with affiliations and schools',
      sql: `SELECT a.*, f.*, s.* FROM ${q('accounts')} a LEFT JOIN ${q('affiliations')} f ON f.account_id = a.id
        LEFT JOIN ${q('schools')} s ON s.eduid = f.school_id WHERE a.sub = ?`,
      params: [a.sub],
    },
    {
      what: 'activation, apply, helpdesk: account by national ID (blind index)',
      sql: `SELECT * FROM ${q('accounts')} WHERE national_id_index = ? LIMIT 1`,
      params: [a.nid],
    },
    {
      what: 'forgot username / password: accounts by email',
      sql: `SELECT * FROM ${q('accounts')} WHERE email = ?`,
      params: [a.email],
    },
  ];
  const plans: QueryPlan[] = [];
  for (const x of queries) {
    const [plan] = (await db.query(`EXPLAIN ${x.sql}`, x.params)) as unknown as [
      { table: string; type: string; key: string | null; rows: number; Extra: string | null }[],
    ];
    plans.push({
      what: x.what,
      sql: x.sql.replace(/\s+/g, ' ').replaceAll(`\`${dbName}\`.`, ''),
      plan: plan.map((p) => ({
        table: p.table,
        type: p.type,
        key: p.key,
        rows: Number(p.rows),
        extra: p.Extra,
      })),
    });
  }
  return plans;
}
