import type { Command } from 'commander';
import {
  ClearLockoutUseCase,
  CreateAccountUseCase,
  GetAccountUseCase,
  type AccountView,
} from '#identity-core';
import { ListCountyLinksUseCase, type CountyLinkView } from '#county-federation';
import { withContext } from '../context.js';
import { fail, print, UsageError } from '../output.js';

function describe(a: AccountView & { countyLinks?: CountyLinkView[] }): string {
  const lines = [
    `sub:         ${a.sub}`,
    `username:    ${a.username ?? '(not activated)'}`,
    `name:        ${a.name}`,
    `national ID: ${a.nationalId ?? '-'}`,
    `email:       ${a.email ?? '-'}${a.email ? (a.emailVerified ? ' (verified)' : ' (unverified)') : ''}`,
    `phone:       ${a.phone ?? '-'}${a.phone ? (a.phoneVerified ? ' (verified)' : ' (unverified)') : ''}`,
    `status:      ${a.status}`,
  ];
  for (const f of a.affiliations)
    lines.push(
      `school:      ${f.schoolId} ${f.schoolName ?? ''} ${f.year}-${f.semester} ${f.titles.join('/')}`,
    );
  for (const l of a.countyLinks ?? [])
    lines.push(
      `county link: ${l.county} ${l.countyName['zh-TW']} (linked by ${l.linkedBy} ${l.linkedAt.toISOString()}${l.lastLoginAt ? `, last login ${l.lastLoginAt.toISOString()}` : ''})`,
    );
  return lines.join('\n');
}

function currentSchoolTerm(now = new Date()): { year: string; semester: string } {
  // ROC school year starts in August; semester 2 runs February to July.
  const y = now.getUTCFullYear() - 1911;
  const m = now.getUTCMonth() + 1;
  if (m >= 8) return { year: String(y), semester: '1' };
  if (m >= 2) return { year: String(y - 1), semester: '2' };
  return { year: String(y - 1), semester: '1' };
}

export function registerAccountCommands(program: Command): void {
  program
    .command('accounts:create')
    .description('create an active account with a password')
    .requiredOption('--username <username>')
    .requiredOption('--password <password>')
    .requiredOption('--name <name>')
    .requiredOption('--national-id <id>')
    .option('--email <email>')
    .option('--phone <phone>', 'mobile number, 09xxxxxxxx')
    .option('--birth-date <YYYY-MM-DD>')
    .option('--school <eduid>')
    .option(
      '--title <title>',
      'e.g. 學生 or 教師 (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        if (o.title.length && !o.school) throw new UsageError('usage: --title needs --school');
        const view = await withContext(async (ctx) => {
          const account = await ctx.get(CreateAccountUseCase).execute({
            username: o.username,
            password: o.password,
            displayName: o.name,
            nationalId: o.nationalId,
            email: o.email,
            emailVerified: Boolean(o.email),
            phone: o.phone,
            phoneVerified: Boolean(o.phone),
            birthDate: o.birthDate,
            affiliation: o.school
              ? { schoolId: o.school, titles: o.title.length ? o.title : ['學生'], ...currentSchoolTerm() }
              : undefined,
            actor: 'cli',
          });
          return ctx.get(GetAccountUseCase).execute(account.username!);
        });
        print(view, Boolean(o.json), () => `created\n${describe(view)}`);
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('accounts:show')
    .description('show an account (national ID masked)')
    .argument('<username>', 'username or username@mail.edu.tw')
    .option('--json', 'machine-readable output')
    .action(async (username: string, o) => {
      try {
        const view = await withContext(async (ctx) => {
          const account = await ctx.get(GetAccountUseCase).execute(username);
          return { ...account, countyLinks: await ctx.get(ListCountyLinksUseCase).execute(account.sub) };
        });
        print(view, Boolean(o.json), () => describe(view));
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('accounts:unlock')
    .description('clear the login lockouts of an account (every factor) and unlock it if it was locked')
    .argument('<username>', 'username or username@mail.edu.tw')
    .option('--json', 'machine-readable output')
    .action(async (username: string, o) => {
      try {
        const r = await withContext((ctx) =>
          ctx.get(ClearLockoutUseCase).execute({ login: username, actor: 'cli' }),
        );
        print(r, Boolean(o.json), () =>
          r.accountFound
            ? `lockouts cleared${r.unlocked ? '; account unlocked' : ''}`
            : 'lockouts cleared (no such account)',
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
