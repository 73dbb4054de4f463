/**
 * `--roster`: the helpdesk portal's bulk roster import at its target size — 10,000 Big5 lines of
 * two schools, 150 of them bad in three ways — through the same Bull job the portal's upload starts
 * (`StartRosterImportUseCase`), processed in this process by the worker's use case
 * (`RunRosterImportUseCase`), on a fresh database. Measured: seconds from the upload to `done`
 * (target < 60 s), this process's CPU, the progress the page would have shown, the report's problem
 * lines against the bad lines made, and the same file imported again (a no-op).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname, loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Job, Queue } from 'bull';
import iconv from 'iconv-lite';
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
import { ATTEMPT_GATE_OPTIONS, UpsertSchoolUseCase } from '#identity-core';
import { identityCoreContext, ROSTER_ROWS, rosterFile } from '#test-support';
import type { MachineInfo } from './machine.js';
import { benchCommand, log, ROOT } from './settings.js';

interface ImportRun {
  seconds: number;
  cpuSeconds: number;
  progressSeen: number[];
  view: RosterImportView;
}

export interface RosterReport {
  rows: number;
  badLines: number;
  first: ImportRun;
  again: ImportRun;
  reportLines: number;
  reportMatches: boolean;
  loadAverage: number;
}

export async function runRosterBench(
  machine: MachineInfo,
  started: Date,
  code: { commit: string; uncommitted: string[] },
): Promise<void> {
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  log(`roster import: ${ROSTER_ROWS} Big5 lines through the import job, on a fresh database`);
  const t = await identityCoreContext({
    imports: [
      RosterImportModule.forRootAsync({
        useFactory: () => ({
          redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
          queuePrefix: `{${prefix}:bull}`,
        }),
      }) as never,
    ],
    overrides: [{ provide: ATTEMPT_GATE_OPTIONS, useValue: { namespace: prefix } }],
  });
  const queue = t.app.get<Queue<RosterImportJob>>(getQueueToken(ROSTER_IMPORT_QUEUE));
  try {
    const schools = t.app.get(UpsertSchoolUseCase);
    await schools.execute({ eduid: '074601', name: '臺中市立示範國中', county: '臺中市' });
    await schools.execute({ eduid: '193601', name: '臺北市立示範國小', county: '臺北市' });
    // The worker's processor (apps/worker/src/roster-import.processor.ts), in this process.
    const runner = t.app.get(RunRosterImportUseCase);
    void queue.process(1, (job: Job<RosterImportJob>) =>
      runner.execute({
        importId: job.data.importId,
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      }),
    );
    const start = t.app.get(StartRosterImportUseCase);
    const progress = t.app.get(RosterImportProgressUseCase);
    const { csv, bad } = rosterFile();
    const big5 = iconv.encode(csv, 'cp950');

    const importOnce = async (): Promise<ImportRun> => {
      const began = performance.now();
      const cpu = process.cpuUsage();
      const { id } = await start.execute({ content: big5, actor: 'bench', fileName: 'roster.csv' });
      const seen: number[] = [];
      for (const end = Date.now() + 600_000; Date.now() < end;) {
        const view = await progress.execute({ id }); // what the progress page reads every 2 s
        if (!seen.includes(view.done)) seen.push(view.done);
        if (view.status === 'done' || view.status === 'failed') {
          const used = process.cpuUsage(cpu);
          return {
            seconds: (performance.now() - began) / 1000,
            cpuSeconds: (used.user + used.system) / 1e6,
            progressSeen: seen,
            view,
          };
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('the roster import did not finish within 10 minutes');
    };

    const first = await importOnce();
    log(`roster import: ${first.view.status} in ${first.seconds.toFixed(1)} s`);
    const { csv: problems } = await t.app.get(RosterImportReportUseCase).execute({ id: first.view.id });
    const reported = new Map(
      problems
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((r) => [Number(r.split(',')[0]), r.split(',')[2]] as const),
    );
    const reportMatches =
      reported.size === bad.size && [...bad].every(([line, code]) => reported.get(line) === code);
    const again = await importOnce();
    log(`roster import again: ${again.view.status} in ${again.seconds.toFixed(1)} s`);
    const report: RosterReport = {
      rows: ROSTER_ROWS,
      badLines: bad.size,
      first,
      again,
      reportLines: reported.size,
      reportMatches,
      loadAverage: loadavg()[0]!,
    };
    write(report, machine, started, code);
  } finally {
    const keys = await queue.client.keys(`{${prefix}:bull}:*`);
    if (keys.length) await queue.client.del(...keys);
    await t.close();
  }
}

function write(
  r: RosterReport,
  machine: MachineInfo,
  started: Date,
  code: { commit: string; uncommitted: string[] },
): void {
  const counts = (v: RosterImportView) =>
    `${v.created} new, ${v.updated} updated, ${v.unchanged} unchanged, ${v.refused} refused`;
  const md = [
    `# edu-sso bench: bulk roster import, ${started.toISOString().slice(0, 10)}, ${machine.hostname}`,
    '',
    `Code: ${code.commit}${code.uncommitted.length ? ` plus uncommitted changes in ${code.uncommitted.join(', ')}` : ''}. Command: \`${benchCommand()}\`. Machine: ${machine.cpuModel}, nproc ${machine.nproc}, Redis ${machine.redis}, MariaDB ${machine.mariadb}, Node ${machine.node}.`,
    '',
    `${r.rows.toLocaleString('en')} lines in Big5 (two schools, Chinese names; ${r.badLines} bad: wrong national-ID checksum, impossible birth date, unknown school), uploaded through the portal's use case (StartRosterImportUseCase → the Bull job) and processed in the bench process by the worker's use case, on a fresh database; the progress polled every 200 ms as the progress page does.`,
    '',
    '| | first import | the same file again |',
    '|---|--:|--:|',
    `| **seconds, upload to done** (target < 60 s) | **${r.first.seconds.toFixed(1)}** | ${r.again.seconds.toFixed(1)} |`,
    `| CPU seconds of the importing process | ${r.first.cpuSeconds.toFixed(1)} | ${r.again.cpuSeconds.toFixed(1)} |`,
    `| status, encoding | ${r.first.view.status}, ${r.first.view.encoding} | ${r.again.view.status}, ${r.again.view.encoding} |`,
    `| lines | ${counts(r.first.view)} | ${counts(r.again.view)} |`,
    `| distinct progress values seen | ${r.first.progressSeen.length} | ${r.again.progressSeen.length} |`,
    '',
    `Problem report: ${r.reportLines} lines; ${r.reportMatches ? 'exactly the bad lines made, each with its code' : '**not** the bad lines made'}. Load average at the end: ${r.loadAverage.toFixed(2)}.`,
    '',
  ].join('\n');
  const dir = `${ROOT}bench/results`;
  mkdirSync(dir, { recursive: true });
  const base = `${dir}/${started.toISOString().slice(0, 10)}-${(hostname() || 'node-svc').replace(/[^\w.-]/g, '_')}-roster`;
  writeFileSync(
    `${base}.json`,
    JSON.stringify(
      { date: started.toISOString(), command: benchCommand(), code, machine, roster: r },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(`${base}.md`, md + '\n');
  process.stdout.write(`\n${md}\nwritten: ${base}.json, ${base}.md\n`);
}
