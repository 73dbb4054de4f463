import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { Job, Queue } from 'bull';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { getQueueToken } from '@nestjs/bull';
import {
  ROSTER_IMPORT_QUEUE,
  RosterImportModule,
  RosterImportProgressUseCase,
  RosterImportReportUseCase,
  RunRosterImportUseCase,
  StartRosterImportUseCase,
  type RosterImportJob,
  type RosterImportView,
} from '#activation';
import { ATTEMPT_GATE_OPTIONS, UpsertSchoolUseCase, makeNationalId } from '#identity-core';
import { identityCoreContext, ROSTER_ROWS, rosterFile, type TestContext } from '#test-support';
import { HEADER } from './support.js';

// The same file `npm run bench -- --roster` imports and times.
const ROWS = ROSTER_ROWS;
const roster = () => rosterFile(ROWS);

describe('roster import as a Bull job (MariaDB + Redis): 10,000 lines, Big5', () => {
  let t: TestContext;
  let queue: Queue<RosterImportJob>;
  const prefix = `tr${randomBytes(5).toString('hex')}`;

  before(async () => {
    t = await identityCoreContext({
      imports: [
        RosterImportModule.forRootAsync({
          useFactory: () => ({ redis: { url: 'redis://127.0.0.1:6379' }, queuePrefix: `{${prefix}:bull}` }),
        }) as never,
      ],
      overrides: [{ provide: ATTEMPT_GATE_OPTIONS, useValue: { namespace: prefix } }],
    });
    await t.app
      .get(UpsertSchoolUseCase)
      .execute({ eduid: '074601', name: '臺中市立示範國中', county: '臺中市' });
    await t.app
      .get(UpsertSchoolUseCase)
      .execute({ eduid: '193601', name: '臺北市立示範國小', county: '臺北市' });
    queue = t.app.get(getQueueToken(ROSTER_IMPORT_QUEUE));
    // The worker's processor (apps/worker/src/roster-import.processor.ts), in this process.
    const run = t.app.get(RunRosterImportUseCase);
    void queue.process(1, (job: Job<RosterImportJob>) =>
      run.execute({
        importId: job.data.importId,
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      }),
    );
  });

  after(async () => {
    const keys = await queue.client.keys(`{${prefix}:bull}:*`);
    if (keys.length) await queue.client.del(...keys);
    await t?.close();
  });

  /** Polls like the progress page; returns the final view and every distinct `done` seen. */
  async function follow(id: string): Promise<{ view: RosterImportView; seen: number[] }> {
    const progress = t.app.get(RosterImportProgressUseCase);
    const seen: number[] = [];
    for (const end = Date.now() + 170_000; Date.now() < end;) {
      const view = await progress.execute({ id });
      if (!seen.includes(view.done)) seen.push(view.done);
      if (view.status === 'done' || view.status === 'failed') return { view, seen };
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('import did not finish');
  }

  it('imports 10,000 Big5 lines in under 60 s with visible progress, a correct report, and a no-op re-import', async () => {
    const { csv, bad } = roster();
    const big5 = iconv.encode(csv, 'cp950');
    const start = t.app.get(StartRosterImportUseCase);

    const began = Date.now();
    const cpuBefore = process.cpuUsage();
    const { id } = await start.execute({ content: big5, actor: 'admin:school', fileName: 'roster.csv' });
    const first = await follow(id);
    const seconds = (Date.now() - began) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const load = loadavg()[0];
    process.stdout.write(
      `# roster import job: ${ROWS} lines in ${seconds.toFixed(1)} s (this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average ${load.toFixed(1)} on ${cpus().length} cores)\n`,
    );
    assert.equal(first.view.status, 'done', first.view.error ?? '');
    assert.equal(first.view.encoding, 'big5');
    assert.equal(first.view.total, ROWS);
    assert.equal(first.view.percent, 100);
    assert.ok(
      first.seen.some((d) => d > 0 && d < ROWS),
      `progress between 0 and ${ROWS} was visible: ${first.seen.join(',')}`,
    );
    assert.deepEqual(
      {
        created: first.view.created,
        updated: first.view.updated,
        unchanged: first.view.unchanged,
        refused: first.view.refused,
      },
      { created: ROWS - bad.size, updated: 0, unchanged: 0, refused: bad.size },
    );

    const { csv: report, fileName } = await t.app.get(RosterImportReportUseCase).execute({ id });
    assert.equal(fileName, `roster-import-${id}-problems.csv`);
    const rows = report
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(rows[0], 'line,field,code,message');
    const reported = new Map(rows.slice(1).map((r) => [Number(r.split(',')[0]), r.split(',')[2]]));
    assert.deepEqual(
      [...reported.keys()].sort((a, b) => a - b),
      [...bad.keys()].sort((a, b) => a - b),
    );
    for (const [line, code] of bad) assert.equal(reported.get(line), code, `line ${line}`);

    const ds = t.app.get(DataSource);
    const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM accounts WHERE status = 'pending'`);
    assert.equal(Number(n), ROWS - bad.size);
    const [stored] = await ds.query('SELECT content_cipher FROM roster_imports WHERE id = ?', [id]);
    assert.equal(stored.content_cipher, null, 'the file is gone once imported');

    // The same file again: nothing changes.
    const again = await follow((await start.execute({ content: big5, actor: 'admin:school' })).id);
    assert.deepEqual(
      {
        created: again.view.created,
        updated: again.view.updated,
        unchanged: again.view.unchanged,
        refused: again.view.refused,
      },
      { created: 0, updated: 0, unchanged: ROWS - bad.size, refused: bad.size },
    );
    const [{ n: after }] = await ds.query(`SELECT COUNT(*) AS n FROM accounts`);
    assert.equal(Number(after), ROWS - bad.size);

    // The target is 60 s. On a machine busier than its cores (other test runs sharing it) the
    // time says little about the code: it is then held to twice that, and the line above says so.
    const limit = load > cpus().length ? 120 : 60;
    assert.ok(seconds < limit, `took ${seconds} s (limit ${limit} s at load ${load.toFixed(1)})`);
  });

  it('refuses a file that is no roster before queuing; shows an import only to its owner when asked', async () => {
    const start = t.app.get(StartRosterImportUseCase);
    await assert.rejects(start.execute({ content: Buffer.from('a,b\r\n1,2\r\n'), actor: 'x' }), {
      code: 'roster_invalid',
    });
    const { id } = await start.execute({
      content: Buffer.from(
        `${HEADER}\r\n${makeNationalId('B', '1', '7000001')},=HYPERLINK("x"),2012-01-01,074601,學生,,,,114,1\r\n`,
      ),
      actor: 'admin:one',
    });
    const done = await follow(id);
    assert.equal(done.view.status, 'done');
    const progress = t.app.get(RosterImportProgressUseCase);
    assert.equal((await progress.execute({ id, owner: 'admin:one' })).id, id);
    await assert.rejects(progress.execute({ id, owner: 'admin:two' }), { code: 'not_found' });
    await assert.rejects(progress.execute({ id: '1 OR 1=1' }), { code: 'validation_failed' });
    await assert.rejects(t.app.get(RosterImportReportUseCase).execute({ id, owner: 'admin:two' }), {
      code: 'not_found',
    });
  });
});
