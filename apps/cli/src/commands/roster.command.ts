import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  RosterImportProgressUseCase,
  RosterImportReportUseCase,
  StartRosterImportUseCase,
  type RosterImportView,
} from '#activation';
import { withContext } from '../context.js';
import { fail, operator, print, UsageError } from '../output.js';
import { readImportFile } from './directory.command.js';

function statusText(v: RosterImportView): string {
  const lines = [
    `roster import ${v.id} (${v.fileName ?? 'upload'}): ${v.status}, ${v.done}/${v.total} lines (${v.percent}%)`,
  ];
  if (v.status === 'done')
    lines.push(`created ${v.created}, updated ${v.updated}, unchanged ${v.unchanged}, refused ${v.refused}`);
  if (v.error) lines.push(`error: ${v.error}`);
  return lines.join('\n');
}

/** Roster imports as worker jobs (the admin upload's machinery); `accounts:import` stays the inline one. */
export function registerRosterCommands(program: Command): void {
  program
    .command('roster:import')
    .description(
      'queue a roster CSV (UTF-8 or Big5, as accounts:import) for the worker; prints the import id',
    )
    .argument('<file>', 'CSV file')
    .option('--async', 'return at once (the default; use roster:status to follow it)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => {
      try {
        const content = readImportFile(file);
        const r = await withContext((ctx) =>
          ctx.get(StartRosterImportUseCase).execute({ content, actor: operator(), fileName: basename(file) }),
        );
        print(
          r,
          Boolean(o.json),
          () => `queued roster import ${r.id}; follow it with: npm run cli -- roster:status ${r.id}`,
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('roster:status')
    .description("a roster import's progress and counts; --report writes its row-level error report (CSV)")
    .argument('<id>', 'the import id roster:import printed')
    .option('--report <file>', 'write the error report (line, field, code, message) to this file')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o) => {
      try {
        if (o.report !== undefined && (typeof o.report !== 'string' || !o.report))
          throw new UsageError('usage: roster:status <id> [--report file.csv]');
        const r = await withContext(async (ctx) => {
          const view = await ctx.get(RosterImportProgressUseCase).execute({ id });
          const report = o.report ? await ctx.get(RosterImportReportUseCase).execute({ id }) : null;
          return { view, report };
        });
        if (r.report) writeFileSync(o.report, r.report.csv, { mode: 0o600 });
        print(
          r.view,
          Boolean(o.json),
          () => statusText(r.view) + (r.report ? `\nreport written to ${o.report}` : ''),
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
