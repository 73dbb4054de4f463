import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  AuditService,
  LastAuditVerificationUseCase,
  VerifyAuditChainUseCase,
  type AuditRecord,
} from '#identity-core';
import { MIGRATIONS, dataSourceOptions, ensureDatabase } from '#database';
import { dropDatabase, freshDatabaseUrl, identityCoreContext, runCli, type TestContext } from '#test-support';

const event = (n: number): AuditRecord => ({
  actor: `account:${n}`,
  action: 'login.password',
  target: n % 3 ? `account:${n}` : null,
  result: n % 2 ? 'success' : 'failure',
  ip: '192.0.2.1',
  userAgent: n % 5 ? 'Mozilla/5.0 測試' : null,
  details: n % 4 ? { factor: 'password', n, note: '你好 "quoted"' } : null,
});

/** A DBA's tampering: the append-only and chaining triggers step aside for these statements. */
async function tamper(ds: DataSource, sql: string | string[], params: unknown[] = []): Promise<void> {
  const q = ds.createQueryRunner();
  await q.connect();
  try {
    const triggers = (await q.query(
      `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS
        WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'audit_events'`,
    )) as { name: string }[];
    const bodies: string[] = [];
    for (const { name } of triggers) {
      const [row] = await q.query(`SHOW CREATE TRIGGER \`${name}\``);
      bodies.push(String(row['SQL Original Statement']));
      await q.query(`DROP TRIGGER \`${name}\``);
    }
    try {
      for (const statement of Array.isArray(sql) ? sql : [sql]) await q.query(statement, params);
    } finally {
      for (const body of bodies) await q.query(body);
    }
  } finally {
    await q.release();
  }
}

describe('audit hash chain', () => {
  let t: TestContext;
  let ds: DataSource;
  let verify: () => ReturnType<VerifyAuditChainUseCase['execute']>;
  before(async () => {
    t = await identityCoreContext();
    ds = t.app.get(DataSource);
    verify = () => t.app.get(VerifyAuditChainUseCase).execute({ actor: 'test' });
  });
  after(() => t.close());

  it('concurrent writers on separate pools, in and out of transactions, make one valid chain', async () => {
    const audit = t.app.get(AuditService);
    // A second "process": its own connection pool to the same database.
    const other = await new DataSource({
      ...dataSourceOptions(t.config.databaseUrl),
      migrations: [],
    }).initialize();
    try {
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i++) {
        writes.push(audit.record(event(i)));
        writes.push(
          other.query(
            `INSERT INTO audit_events (occurred_at, actor, action, target, result, ip, user_agent, details)
             VALUES (NOW(3), ?, 'login.complete', NULL, 'success', NULL, NULL, NULL)`,
            [`other:${i}`],
          ),
        );
        // In a caller's transaction; every fifth rolls back and takes its place in the chain with it.
        writes.push(
          ds
            .transaction(async (m) => {
              await audit.record(event(1000 + i), m);
              if (i % 5 === 0) throw new Error('rollback');
            })
            .catch(() => undefined),
        );
      }
      await Promise.all(writes);
    } finally {
      await other.destroy();
    }
    const [counts] = await ds.query('SELECT COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi FROM audit_events');
    assert.equal(Number(counts.n), 60 + 60 + 48);
    assert.equal(Number(counts.lo), 1);
    assert.equal(Number(counts.hi), Number(counts.n), 'no gap in the sequence: rolled-back rows left none');
    const r = await verify();
    assert.deepEqual(r.problems, []);
    assert.equal(r.ok, true);
    assert.equal(r.rowsChecked, Number(counts.n));
    const last = await t.app.get(LastAuditVerificationUseCase).execute();
    assert.equal(last?.ok, true);
    assert.equal(last?.headSeq, String(counts.n));
    assert.equal(last?.actor, 'test');
  });

  it('names a row edited in SQL, then is satisfied once it is put back', async () => {
    const [row] = await ds.query(`SELECT id, result FROM audit_events WHERE seq = 10`);
    const flipped = row.result === 'success' ? 'failure' : 'success';
    await tamper(ds, 'UPDATE audit_events SET result = ? WHERE id = ?', [flipped, row.id]);
    const r = await verify();
    assert.equal(r.ok, false);
    assert.equal(r.problems[0].kind, 'edited');
    assert.equal(r.problems[0].id, String(row.id));
    assert.match(r.problems[0].message, new RegExp(`^edited: row ${row.id} \\(seq 10\\)`));
    const last = await t.app.get(LastAuditVerificationUseCase).execute();
    assert.equal(last?.ok, false);
    assert.match(last?.problem ?? '', /edited/);
    await tamper(ds, 'UPDATE audit_events SET result = ? WHERE id = ?', [row.result, row.id]);
    assert.equal((await verify()).ok, true);
  });

  it('names a row edited and re-hashed by someone who knows the hash function', async () => {
    const [row] = await ds.query(`SELECT id, seq FROM audit_events WHERE seq = 20`);
    const [next] = await ds.query(`SELECT id FROM audit_events WHERE seq = 21`);
    const [orig] = await ds.query(`SELECT actor, hash FROM audit_events WHERE id = ?`, [row.id]);
    await tamper(
      ds,
      `UPDATE audit_events SET actor = 'admin:someone-else',
         hash = audit_event_hash(seq, prev_hash, occurred_at, 'admin:someone-else', action, target, result, ip, user_agent, details)
       WHERE id = ?`,
      [row.id],
    );
    const r = await verify();
    assert.equal(r.problems[0].kind, 'relinked');
    assert.equal(r.problems[0].id, String(next.id));
    assert.match(r.problems[0].message, new RegExp(`does not follow row ${row.id}$`));
    await tamper(ds, `UPDATE audit_events SET actor = ?, hash = ? WHERE id = ?`, [
      orig.actor,
      orig.hash,
      row.id,
    ]);
    assert.equal((await verify()).ok, true);
  });

  it('names a deleted row by its place in the chain', async () => {
    const [gone] = await ds.query(`SELECT * FROM audit_events WHERE seq = 30`);
    const [before] = await ds.query(`SELECT id FROM audit_events WHERE seq = 29`);
    const [afterRow] = await ds.query(`SELECT id FROM audit_events WHERE seq = 31`);
    await tamper(ds, 'DELETE FROM audit_events WHERE id = ?', [gone.id]);
    const r = await verify();
    assert.equal(r.ok, false);
    assert.equal(r.problems[0].kind, 'deleted');
    assert.equal(r.problems[0].seq, '30');
    assert.equal(
      r.problems[0].message,
      `deleted: seq 30 is missing after row ${before.id}, before row ${afterRow.id}`,
    );
    // Put back exactly as it was.
    const cols = Object.keys(gone);
    await tamper(
      ds,
      `INSERT INTO audit_events (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      cols.map((c) =>
        c === 'details' && gone[c] !== null && typeof gone[c] !== 'string'
          ? JSON.stringify(gone[c])
          : gone[c],
      ),
    );
    assert.equal((await verify()).ok, true);
  });

  it('names rows deleted from the end of the chain', async () => {
    const [tail] = await ds.query(`SELECT * FROM audit_events ORDER BY seq DESC LIMIT 1`);
    await tamper(ds, 'DELETE FROM audit_events WHERE id = ?', [tail.id]);
    const r = await verify();
    assert.equal(r.problems[0].kind, 'deleted');
    assert.equal(r.problems[0].seq, String(tail.seq));
    assert.match(r.problems[0].message, /missing at the end/);
    const cols = Object.keys(tail);
    await tamper(
      ds,
      `INSERT INTO audit_events (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      cols.map((c) =>
        c === 'details' && tail[c] !== null && typeof tail[c] !== 'string'
          ? JSON.stringify(tail[c])
          : tail[c],
      ),
    );
    assert.equal((await verify()).ok, true);
  });

  it('names a row inserted outside the chain, and one forged after its head; the CLI exits 1', async () => {
    await tamper(
      ds,
      `INSERT INTO audit_events (occurred_at, actor, action, target, result)
       VALUES (NOW(3), 'admin:ghost', 'account.unlock', 'account:x', 'success')`,
    );
    const [ghost] = await ds.query(`SELECT id FROM audit_events WHERE actor = 'admin:ghost'`);
    let r = await verify();
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => [p.kind, p.id]),
      [['inserted', String(ghost.id)]],
    );
    assert.equal(r.problems[0].message, `inserted: row ${ghost.id} is outside the chain`);
    const cli = runCli(
      { DATABASE_URL: t.config.databaseUrl, REDIS_PREFIX: t.config.redisPrefix },
      'audit:verify',
    );
    assert.equal(cli.code, 1, cli.err);
    assert.match(cli.out, new RegExp(`inserted: row ${ghost.id} is outside the chain`));
    await tamper(ds, 'DELETE FROM audit_events WHERE id = ?', [ghost.id]);

    // A forger who writes a well-formed row but cannot move the head (the trigger keeps it).
    const [head] = await ds.query('SELECT seq + 1 AS seq, hash FROM audit_chain_head');
    await tamper(
      ds,
      `INSERT INTO audit_events (occurred_at, actor, action, target, result, seq, prev_hash, hash)
       VALUES ('2026-01-01 00:00:00.000', 'admin:forger', 'account.unlock', NULL, 'success', ?, ?,
               audit_event_hash(?, ?, '2026-01-01 00:00:00.000', 'admin:forger', 'account.unlock', NULL, 'success', NULL, NULL, NULL))`,
      [Number(head.seq) + 1, head.hash, Number(head.seq) + 1, head.hash],
    );
    const [forged] = await ds.query(`SELECT id FROM audit_events WHERE actor = 'admin:forger'`);
    r = await verify();
    assert.equal(r.problems[0].kind, 'inserted');
    assert.equal(r.problems[0].id, String(forged.id));
    await tamper(ds, 'DELETE FROM audit_events WHERE id = ?', [forged.id]);
    assert.equal((await verify()).ok, true);
    const ok = runCli(
      { DATABASE_URL: t.config.databaseUrl, REDIS_PREFIX: t.config.redisPrefix },
      'audit:verify',
    );
    assert.equal(ok.code, 0, ok.err + ok.out);
    assert.match(ok.out, /^audit chain OK: \d+ rows/);
  });

  it('group-commits the events recorded in one turn: one INSERT, call order kept, a bad row fails alone', async () => {
    const audit = t.app.get(AuditService);
    const pool = (ds.driver as unknown as { pool: { query: (...a: unknown[]) => unknown } }).pool;
    const original = pool.query;
    const inserts: number[] = [];
    pool.query = function (this: unknown, ...args: unknown[]) {
      const sql = String(args[0]);
      if (sql.startsWith('INSERT INTO audit_events')) inserts.push((sql.match(/\(\?/g) ?? []).length);
      return original.apply(this, args);
    };
    try {
      const [{ top }] = await ds.query('SELECT COALESCE(MAX(id), 0) AS top FROM audit_events');
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          audit.record({
            actor: `group:${i}`,
            action: i === 17 ? 'x'.repeat(300) : 'group.test', // too long for the column: refused
            result: 'success',
          }),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        Array.from({ length: 30 }, (_, i) => (i === 17 ? 'rejected' : 'fulfilled')),
      );
      // One group of 30 (refused for the one bad row), then each caller's own row again.
      assert.deepEqual(inserts, [30, ...Array.from({ length: 30 }, () => 1)]);
      const rows = (await ds.query('SELECT actor FROM audit_events WHERE id > ? ORDER BY id', [top])) as {
        actor: string;
      }[];
      assert.deepEqual(
        rows.map((r) => r.actor),
        Array.from({ length: 30 }, (_, i) => `group:${i}`).filter((a) => a !== 'group:17'),
      );

      inserts.length = 0;
      await Promise.all(Array.from({ length: 12 }, (_, i) => audit.record(event(100 + i))));
      await audit.record(event(200)); // a later turn: a group of its own
      assert.deepEqual(inserts, [12, 1]);
    } finally {
      pool.query = original;
    }
    assert.deepEqual((await verify()).problems, []);
  });

  it('names a chain rewritten wholesale after a verification saw its head', async () => {
    // Re-hash everything from seq 5 on with a changed actor: internally consistent, but not what was verified.
    await tamper(ds, [
      `SET @h := (SELECT hash FROM audit_events WHERE seq = 4)`,
      `UPDATE audit_events SET actor = IF(seq = 5, 'admin:rewriter', actor), prev_hash = @h,
         hash = (@h := audit_event_hash(seq, @h, occurred_at, IF(seq = 5, 'admin:rewriter', actor), action, target, result, ip, user_agent, details))
       WHERE seq >= 5 ORDER BY seq`,
      `UPDATE audit_chain_head SET hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1)`,
    ]);
    const r = await verify();
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => p.kind),
      ['rewritten'],
    );
  });
});

describe('audit chain migration', () => {
  it('hashes the rows written before it, in id order, and the chain carries on from them', async () => {
    const url = freshDatabaseUrl();
    await ensureDatabase(url);
    const before = MIGRATIONS.slice(0, -1);
    const old = await new DataSource({ ...dataSourceOptions(url), migrations: before }).initialize();
    try {
      await old.runMigrations();
      for (let i = 0; i < 5; i++)
        await old.query(
          `INSERT INTO audit_events (occurred_at, actor, action, result, details) VALUES (NOW(3), ?, 'x', 'success', ?)`,
          [`old:${i}`, JSON.stringify({ i })],
        );
    } finally {
      await old.destroy();
    }
    const t = await identityCoreContext({ env: { DATABASE_URL: url } });
    try {
      const rows = await t.app.get(DataSource).query('SELECT id, seq FROM audit_events ORDER BY id');
      assert.deepEqual(
        rows.map((r: { seq: string }) => Number(r.seq)),
        [1, 2, 3, 4, 5],
      );
      await t.app.get(AuditService).record(event(1));
      const r = await t.app.get(VerifyAuditChainUseCase).execute({ actor: 'test' });
      assert.deepEqual(r.problems, []);
      assert.equal(r.rowsChecked, 6);
    } finally {
      await t.close();
    }
    await dropDatabase(url).catch(() => undefined);
  });
});
