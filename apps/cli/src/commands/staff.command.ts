import type { Command } from 'commander';
import {
  GrantStaffRoleUseCase,
  ListStaffUseCase,
  RevokeStaffRoleUseCase,
  STAFF_ROLES,
  type StaffMember,
} from '#helpdesk';
import { withContext } from '../context.js';
import { fail, operator, print, UsageError } from '../output.js';

function line(s: StaffMember): string {
  const scope = s.county ? ` (${s.county})` : s.schoolId ? ` (${s.schoolId})` : '';
  return `${(s.username ?? '-').padEnd(24)} ${s.role}${scope}  granted by ${s.grantedBy} ${s.grantedAt.toISOString()}`;
}

/** Who may use the helpdesk portal (apps/admin), and over which accounts. */
export function registerStaffCommands(program: Command): void {
  program
    .command('staff:grant')
    .description(
      `give an account its helpdesk portal role (${STAFF_ROLES.join(', ')}); replaces an earlier one`,
    )
    .argument('<username>', 'username or username@mail.edu.tw')
    .requiredOption('--role <role>', STAFF_ROLES.join(' | '))
    .option('--county <name>', 'county-admin: the county (as in the school directory, e.g. 臺中市)')
    .option('--school <eduid>', 'school-admin: the school code')
    .option('--json', 'machine-readable output')
    .action(async (username: string, o) => {
      try {
        if (o.county && o.school) throw new UsageError('usage: --county or --school, not both');
        const s = await withContext((ctx) =>
          ctx.get(GrantStaffRoleUseCase).execute({
            username,
            role: o.role,
            county: o.county,
            schoolId: o.school,
            actor: operator(),
          }),
        );
        print(s, Boolean(o.json), () => `granted\n${line(s)}`);
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('staff:revoke')
    .description('take the helpdesk portal role away (open portal sessions end on their next request)')
    .argument('<username>', 'username or username@mail.edu.tw')
    .option('--json', 'machine-readable output')
    .action(async (username: string, o) => {
      try {
        const r = await withContext((ctx) =>
          ctx.get(RevokeStaffRoleUseCase).execute({ username, actor: operator() }),
        );
        print(r, Boolean(o.json), () => (r.revoked ? 'revoked' : 'not a staff member (nothing to revoke)'));
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('staff:list')
    .description('list the staff members of the helpdesk portal and their roles')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const list = await withContext((ctx) => ctx.get(ListStaffUseCase).list());
        print(list, Boolean(o.json), () => (list.length ? list.map(line).join('\n') : '(no staff members)'));
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
