import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { AccountRepository, CreateAccountUseCase, UpsertSchoolUseCase, makeNationalId } from '#identity-core';
import { ClientRepository, CreateClientUseCase } from '#oidc';
import { withContext } from '../context.js';
import { seedDemoStaff } from './seed-demo-staff.js';
import { fail } from '../output.js';

const DEMO_SCHOOL = { eduid: '999001', name: 'edu-sso 示範國民中學', county: '臺中市' };

const DEMO_ACCOUNTS = [
  {
    username: 'demo.student',
    name: '王小明',
    givenName: '小明',
    familyName: '王',
    id: ['A', '1', '7305129'],
    titles: ['學生'],
    grade: '3',
    classNo: '05',
    classTitle: '三年五班',
    birthDate: '2011-05-12',
  },
  {
    username: 'demo.teacher',
    name: '林老師',
    givenName: '美玲',
    familyName: '林',
    id: ['B', '2', '6418273'],
    titles: ['教師', '教務主任'],
    birthDate: '1985-09-01',
  },
] as const;

/** The demo student (for the stand-ins' card and phone in `npm start`). */
export function demoStudent(): { username: string; name: string; nationalId: string } {
  const d = DEMO_ACCOUNTS[0];
  return { username: d.username, name: d.name, nationalId: makeNationalId(d.id[0], d.id[1], d.id[2]) };
}

/**
 * Development first run: a school, a student and a teacher. Passwords are random and printed
 * only when the accounts are created; running it again changes nothing.
 */
export async function seedDemo(
  ctx: INestApplicationContext,
): Promise<{ username: string; password: string }[]> {
  await ctx.get(UpsertSchoolUseCase).execute(DEMO_SCHOOL);
  const created: { username: string; password: string }[] = [];
  for (const d of DEMO_ACCOUNTS) {
    if (await ctx.get(AccountRepository).findByLogin(d.username)) continue;
    const password = `demo-${randomBytes(6).toString('base64url')}`;
    await ctx.get(CreateAccountUseCase).execute({
      username: d.username,
      password,
      displayName: d.name,
      givenName: d.givenName,
      familyName: d.familyName,
      nationalId: makeNationalId(d.id[0], d.id[1], d.id[2]),
      birthDate: d.birthDate,
      email: `${d.username.replace('.', '-')}@example.edu.tw`,
      emailVerified: true,
      affiliation: {
        schoolId: DEMO_SCHOOL.eduid,
        titles: [...d.titles],
        year: '115',
        semester: '1',
        grade: 'grade' in d ? d.grade : undefined,
        classNo: 'classNo' in d ? d.classNo : undefined,
        classTitle: 'classTitle' in d ? d.classTitle : undefined,
      },
      actor: 'seed',
    });
    created.push({ username: d.username, password });
  }
  return created;
}

export const DEMO_RP_NAME = 'edu-sso demo RP';

/** The demo relying party (public client, PKCE, first party); created once, found by name after. */
export async function seedDemoClient(ctx: INestApplicationContext, demoRpPort: number): Promise<string> {
  const existing = (await ctx.get(ClientRepository).list()).find((c) => c.name === DEMO_RP_NAME);
  if (existing) return existing.clientId;
  const { client } = await ctx.get(CreateClientUseCase).execute({
    name: DEMO_RP_NAME,
    redirectUris: [`http://localhost:${demoRpPort}/callback`],
    postLogoutRedirectUris: [`http://localhost:${demoRpPort}/`],
    scopes: ['openid', 'profile', 'email', 'eduinfo'],
    public: true,
    firstParty: true,
    actor: 'seed',
  });
  return client.clientId;
}

export function printSeeded(created: { username: string; password: string }[]): void {
  if (!created.length) return;
  const lines = created.map((c) => `  ${c.username.padEnd(14)} password: ${c.password}`);
  process.stdout.write(
    ['', '=== edu-sso demo accounts (shown once; this is a development seed) ===', ...lines, ''].join('\n') +
      '\n',
  );
}

export function registerSeedCommands(program: Command): void {
  program
    .command('seed:demo')
    .description(
      "create the demo school and accounts, and the helpdesk portal's demo staff member (development)",
    )
    .action(async () => {
      try {
        printSeeded(await withContext(seedDemo));
        const staff = await withContext(seedDemoStaff);
        if (staff)
          process.stdout.write(
            `  ${staff.username.padEnd(14)} password: ${staff.password}  (helpdesk portal; authenticator key ${staff.totpSecret})\n`,
          );
      } catch (e) {
        fail(e, false);
      }
    });
}
