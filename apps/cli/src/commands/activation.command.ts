import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  ApproveApplicationUseCase,
  ImportAccountsUseCase,
  IssueActivationCodesUseCase,
  ListApplicationsUseCase,
  RejectApplicationUseCase,
  ROSTER_MAX_BYTES,
  type ApplicationView,
  type ImportReport,
  type IssueActivationCodesResult,
} from '#activation';
import { ImportGuardianLinksUseCase, ImportTeachingAssignmentsUseCase } from '#directory';
import { CSV_BOM, csvLine } from '#identity-core';
import { withContext } from '../context.js';
import { fail, operator, print, UsageError } from '../output.js';
import { directoryImportText, readImportFile } from './directory.command.js';

function importText(file: string, r: ImportReport): string {
  const lines = [
    `${basename(file)}: ${r.encoding === 'big5' ? 'Big5' : r.encoding.toUpperCase()}, ${r.rows} rows${r.dryRun ? ' (dry run: nothing was written)' : ''}`,
    `created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, refused ${r.problems.length}`,
  ];
  if (r.ignoredColumns.length) lines.push(`ignored columns: ${r.ignoredColumns.join(', ')}`);
  for (const p of r.problems) lines.push(`line ${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
  return lines.join('\n');
}

function codesCsv(r: IssueActivationCodesResult): string {
  const header = [
    'national_id_masked',
    'name',
    'grade',
    'class_no',
    'class_title',
    'activation_code',
    'expires_at',
  ];
  const rows = r.issued.map((c) =>
    csvLine([c.nationalId, c.name, c.grade, c.classNo, c.classTitle, c.code, c.expiresAt.slice(0, 10)]),
  );
  return CSV_BOM + csvLine(header) + rows.join('');
}

function codesSummary(r: IssueActivationCodesResult): string {
  return `${r.schoolId} ${r.schoolName}: ${r.issued.length} codes issued, ${r.skipped} accounts already hold a valid code`;
}

function codesText(r: IssueActivationCodesResult): string {
  const lines = [codesSummary(r)];
  for (const c of r.issued) {
    const cls = c.classTitle ?? [c.grade, c.classNo].filter(Boolean).join('-');
    lines.push(`${c.nationalId}  ${c.name}  ${cls || '-'}  ${c.code}  (until ${c.expiresAt.slice(0, 10)})`);
  }
  return lines.join('\n');
}

function applicationText(a: ApplicationView): string {
  const dup = a.duplicateOf
    ? `  !! ${a.duplicateOf === 'account' ? 'an account' : 'another pending application'} exists for this ${
        a.duplicateBy === 'name_birth_date' ? 'name and birth date' : 'national ID'
      }`
    : '';
  const review = a.reviewedAt
    ? `  ${a.status} by ${a.reviewer} at ${a.reviewedAt}${a.reason ? `: ${a.reason}` : ''}`
    : '';
  return `#${a.id}  ${a.status}  ${a.createdAt.slice(0, 16).replace('T', ' ')}  ${a.nationalId}  ${a.name}  ${a.birthDate}  ${a.email}  ${a.phone}${dup}${review}`;
}

export function registerActivationCommands(program: Command): void {
  program
    .command('accounts:import')
    .description(
      'provision pending accounts from a roster CSV (UTF-8 or Big5; header national_id,name,birth_date,school_id,titles,grade,class_no,class_title,year,semester); exit 1 when lines were refused',
    )
    .argument('<file>', 'CSV file')
    .option(
      '--teaching <file>',
      'then the teaching-assignment file (teaching:import: national_id,school_id,year,semester,grade,class_no,class_title,subject)',
    )
    .option('--guardians <file>', 'then the parent–child links (guardians:import)')
    .option('--dry-run', 'check and count without writing')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => {
      try {
        let content: Buffer;
        try {
          if (statSync(file).size > ROSTER_MAX_BYTES)
            throw new UsageError(
              `error: ${file} is larger than ${ROSTER_MAX_BYTES / 1024 / 1024} MiB; split it`,
            );
          content = readFileSync(file);
        } catch (e) {
          if (e instanceof UsageError) throw e;
          throw new UsageError(
            `error: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`,
          );
        }
        // Read every file before importing any, so a mistyped path changes nothing.
        const teaching = o.teaching ? readImportFile(o.teaching) : null;
        const guardians = o.guardians ? readImportFile(o.guardians) : null;
        const dryRun = Boolean(o.dryRun);
        const reports = await withContext(async (ctx) => {
          const actor = operator();
          const roster = await ctx.get(ImportAccountsUseCase).execute({ content, actor, dryRun });
          // The roster's people come first: the other files find them by national ID.
          const t = teaching
            ? await ctx.get(ImportTeachingAssignmentsUseCase).execute({ content: teaching, actor, dryRun })
            : undefined;
          const g = guardians
            ? await ctx.get(ImportGuardianLinksUseCase).execute({ content: guardians, actor, dryRun })
            : undefined;
          return { roster, teaching: t, guardians: g };
        });
        const { roster } = reports;
        print({ ...roster, teaching: reports.teaching, guardians: reports.guardians }, Boolean(o.json), () =>
          [
            importText(file, roster),
            ...(reports.teaching ? [directoryImportText(o.teaching, reports.teaching)] : []),
            ...(reports.guardians ? [directoryImportText(o.guardians, reports.guardians)] : []),
          ].join('\n'),
        );
        if ([roster, reports.teaching, reports.guardians].some((r) => r?.problems.length))
          process.exitCode = 1;
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('accounts:activation-codes')
    .description(
      "issue activation codes for a school's pending accounts that hold no valid code; codes are shown only now",
    )
    .requiredOption('--school <eduid>', 'school code, e.g. 074601')
    .option('--national-id <id>', 'only this person: a new code replacing theirs (also clears their lockout)')
    .option('--replace', 'a new code for every pending account of the school, revoking the old ones')
    .option('--expires-days <n>', 'validity in days (default 30)', (v: string) => {
      if (!/^\d{1,3}$/.test(v)) throw new InvalidArgumentError('a number of days is expected');
      return Number(v);
    })
    .option(
      '--out <file.csv>',
      'write the codes to a new CSV file (UTF-8 with BOM, mode 600) instead of the screen',
    )
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      let fd: number | null = null;
      try {
        // Created before issuing, so a bad path fails before any code exists.
        if (o.out) {
          try {
            fd = openSync(o.out, 'wx', 0o600);
          } catch (e) {
            throw new UsageError(
              `error: cannot create ${o.out}: ${(e as NodeJS.ErrnoException).code ?? 'failed'} (existing files are not overwritten)`,
            );
          }
        }
        const result = await withContext((ctx) =>
          ctx.get(IssueActivationCodesUseCase).execute({
            schoolId: o.school,
            actor: operator(),
            ttlDays: o.expiresDays,
            nationalId: o.nationalId,
            replace: Boolean(o.replace),
          }),
        );
        if (fd !== null) {
          writeSync(fd, codesCsv(result));
          closeSync(fd);
          fd = null;
          const summary = {
            schoolId: result.schoolId,
            issued: result.issued.length,
            skipped: result.skipped,
            file: o.out,
          };
          print(summary, Boolean(o.json), () => `${codesSummary(result)}\nwritten to ${o.out}`);
        } else print(result, Boolean(o.json), () => codesText(result));
      } catch (e) {
        if (fd !== null) {
          closeSync(fd);
          unlinkSync(o.out);
        }
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('applications:list')
    .description('applications for an account (申請教育雲端帳號), oldest first; national IDs masked')
    .option('--status <status>', 'pending, approved, rejected or all', 'pending')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        if (!['pending', 'approved', 'rejected', 'all'].includes(o.status))
          throw new UsageError('error: --status must be pending, approved, rejected or all');
        const list = await withContext((ctx) =>
          ctx.get(ListApplicationsUseCase).execute({ status: o.status }),
        );
        print(list, Boolean(o.json), () =>
          list.length
            ? list.map(applicationText).join('\n')
            : `no ${o.status === 'all' ? '' : `${o.status} `}applications`,
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('applications:approve')
    .description('approve: creates the pending account and mails the applicant an activation code')
    .argument('<id>', 'application number')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o) => {
      try {
        const r = await withContext((ctx) =>
          ctx.get(ApproveApplicationUseCase).execute({ id, reviewer: operator() }),
        );
        print(
          { id, ...r },
          Boolean(o.json),
          () =>
            `approved #${id}: account ${r.accountSub} is pending; activation code mailed (valid until ${r.expiresAt.slice(0, 10)})`,
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('applications:reject')
    .description('reject: the reason is mailed to the applicant')
    .argument('<id>', 'application number')
    .requiredOption('--reason <text>', 'shown to the applicant, e.g. 已有教育雲端帳號，請使用忘記密碼')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o) => {
      try {
        await withContext((ctx) =>
          ctx.get(RejectApplicationUseCase).execute({ id, reason: o.reason, reviewer: operator() }),
        );
        print(
          { id, status: 'rejected' },
          Boolean(o.json),
          () => `rejected #${id}; the applicant is told by mail`,
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
