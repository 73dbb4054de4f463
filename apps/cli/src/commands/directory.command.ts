import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  DecideGuardianLinkUseCase,
  FindSchoolUseCase,
  GUARDIAN_COLUMNS,
  IMPORT_MAX_BYTES,
  ImportGuardianLinksUseCase,
  ImportSchoolsUseCase,
  ImportTeachingAssignmentsUseCase,
  ListGuardianLinksUseCase,
  ListSchoolsUseCase,
  RequestGuardianLinkUseCase,
  SCHOOL_COLUMNS,
  TEACHING_COLUMNS,
  type DirectoryImportReport,
  type GuardianDecision,
  type GuardianLinkStatus,
  type GuardianLinkView,
  type SchoolDirectoryEntry,
} from '#directory';
import { AccountRepository, NotFound } from '#identity-core';
import { withContext } from '../context.js';
import { fail, operator, print, UsageError } from '../output.js';

/** The file's bytes, or a usage error (exit 2) naming why not. */
export function readImportFile(file: string): Buffer {
  try {
    if (statSync(file).size > IMPORT_MAX_BYTES)
      throw new UsageError(`error: ${file} is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MiB; split it`);
    return readFileSync(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`error: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

export function directoryImportText(file: string, r: DirectoryImportReport): string {
  const lines = [
    `${basename(file)}: ${r.encoding === 'big5' ? 'Big5' : r.encoding.toUpperCase()}, ${r.rows} rows${r.dryRun ? ' (dry run: nothing was written)' : ''}`,
    `created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}${r.removed ? `, removed ${r.removed}` : ''}, refused ${r.problems.length}`,
  ];
  if (r.ignoredColumns.length) lines.push(`ignored columns: ${r.ignoredColumns.join(', ')}`);
  for (const p of r.problems) lines.push(`line ${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
  return lines.join('\n');
}

function schoolText(s: SchoolDirectoryEntry): string {
  return [
    `eduid:        ${s.eduid}`,
    `name:         ${s.schoolname}`,
    `county:       ${s.county}`,
    `year:         ${s.year || '-'}`,
    `school system: ${s.schoolsystem.join('、') || '-'}`,
    `oid:          ${s.oid || '-'}`,
    `tel:          ${s.tel || '-'}`,
    `url:          ${s.url || '-'}`,
    `address:      ${s.address || '-'}`,
  ].join('\n');
}

function linkText(l: GuardianLinkView): string {
  return `#${l.id}  ${l.status}  ${l.schoolId}  ${l.parent.nationalId ?? '-'} ${l.parent.name} → ${l.child.nationalId ?? '-'} ${l.child.name}${l.relationship ? ` (${l.relationship})` : ''}  ${l.source}`;
}

/** An import command: read the file, run the use case, print the report; exit 1 when lines were refused. */
function importCommand(
  program: Command,
  name: string,
  description: string,
  run: (content: Buffer, o: Record<string, unknown>) => Promise<DirectoryImportReport>,
): Command {
  return program
    .command(name)
    .description(description)
    .argument('<file>', 'CSV file (UTF-8 or Big5)')
    .option('--dry-run', 'check and count without writing')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => {
      try {
        const report = await run(readImportFile(file), o);
        print(report, Boolean(o.json), () => directoryImportText(file, report));
        if (report.problems.length) process.exitCode = 1;
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}

export function registerDirectoryCommands(program: Command): void {
  importCommand(
    program,
    'schools:import',
    `import the ministry's school list into the school directory (header ${SCHOOL_COLUMNS.slice(0, 3).join(',')} required; also ${SCHOOL_COLUMNS.slice(3).join(',')}, or the list's Chinese names)`,
    (content, o) =>
      withContext((ctx) =>
        ctx.get(ImportSchoolsUseCase).execute({ content, actor: operator(), dryRun: Boolean(o.dryRun) }),
      ),
  );

  program
    .command('schools:list')
    .description('the school directory, by code')
    .option('--county <name>', 'only this county, as the list names it')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const list = await withContext((ctx) => ctx.get(ListSchoolsUseCase).execute({ county: o.county }));
        print(list, Boolean(o.json), () =>
          list.length
            ? list
                .map((s) => `${s.eduid}  ${s.schoolname}  ${s.county}  ${s.schoolsystem.join('、')}`)
                .join('\n')
            : 'no schools',
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('schools:show')
    .description('one school of the directory, as the public directory API shows it')
    .argument('<eduid>', 'school code, e.g. 074601')
    .option('--json', 'machine-readable output')
    .action(async (eduid: string, o) => {
      try {
        const school = await withContext((ctx) => ctx.get(FindSchoolUseCase).execute(eduid, { fresh: true }));
        if (!school) throw new NotFound(`school ${eduid}`);
        print(school, Boolean(o.json), () => schoolText(school));
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  importCommand(
    program,
    'teaching:import',
    `import who teaches which class and subject (header ${TEACHING_COLUMNS.join(',')}; subject 導師 marks the homeroom teacher); teachers' accounts must exist`,
    (content, o) =>
      withContext((ctx) =>
        ctx.get(ImportTeachingAssignmentsUseCase).execute({
          content,
          actor: operator(),
          dryRun: Boolean(o.dryRun),
          replace: Boolean(o.replace),
        }),
      ),
  ).option(
    '--replace',
    'the file is the whole truth for each teacher × school × term it names: remove what it no longer lists',
  );

  importCommand(
    program,
    'guardians:import',
    `import parent–child links the school vouches for (header ${GUARDIAN_COLUMNS.join(',')}); confirmed at once`,
    (content, o) =>
      withContext((ctx) =>
        ctx
          .get(ImportGuardianLinksUseCase)
          .execute({ content, actor: operator(), dryRun: Boolean(o.dryRun) }),
      ),
  );

  program
    .command('guardians:list')
    .description('parent–child links (national IDs masked), oldest first')
    .option('--school <eduid>', "only this school's")
    .option('--status <status>', 'requested, confirmed, rejected, revoked or all', 'requested')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        if (!['requested', 'confirmed', 'rejected', 'revoked', 'all'].includes(o.status))
          throw new UsageError('error: --status must be requested, confirmed, rejected, revoked or all');
        const list = await withContext((ctx) =>
          ctx.get(ListGuardianLinksUseCase).execute({
            schoolId: o.school,
            status: o.status === 'all' ? undefined : (o.status as GuardianLinkStatus),
          }),
        );
        print(list, Boolean(o.json), () => (list.length ? list.map(linkText).join('\n') : 'no links'));
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('guardians:request')
    .description("a parent's request to be linked to their child; waits for the school (guardians:confirm)")
    .requiredOption('--parent <username>', "the parent's account")
    .requiredOption('--child-national-id <id>')
    .requiredOption('--child-birth-date <date>', 'YYYY-MM-DD or ROC YYY/MM/DD')
    .requiredOption('--school <eduid>', "the child's school")
    .option('--relationship <text>', '父, 母, 監護人 …')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const r = await withContext(async (ctx) => {
          const parent = await ctx.get(AccountRepository).findByLogin(o.parent);
          if (!parent) throw new NotFound('account');
          return ctx.get(RequestGuardianLinkUseCase).execute({
            parentSub: parent.sub,
            childNationalId: o.childNationalId,
            childBirthDate: o.childBirthDate,
            schoolId: o.school,
            relationship: o.relationship ?? null,
            actor: operator(),
          });
        });
        print(r, Boolean(o.json), () => `link #${r.id} is ${r.status}`);
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  for (const [decision, what] of [
    ['confirm', "the school confirms a parent's request"],
    ['reject', "the school rejects a parent's request"],
    ['revoke', 'end a link (custody changed, entered by mistake)'],
  ] as const)
    program
      .command(`guardians:${decision}`)
      .description(what)
      .argument('<id>', 'link number (guardians:list)')
      .option('--school <eduid>', 'refuse unless the link belongs to this school')
      .option('--json', 'machine-readable output')
      .action(async (id: string, o) => {
        try {
          const r = await withContext((ctx) =>
            ctx
              .get(DecideGuardianLinkUseCase)
              .execute({ id, decision: decision as GuardianDecision, actor: operator(), schoolId: o.school }),
          );
          print(r, Boolean(o.json), () => `link #${r.id} is ${r.status}`);
        } catch (e) {
          fail(e, Boolean(o.json));
        }
      });
}
