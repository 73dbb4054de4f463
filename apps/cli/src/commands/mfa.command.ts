import type { Command } from 'commander';
import { DescribeSecondFactorsUseCase, ResetSecondFactorsUseCase, type SecondFactorsView } from '#otp';
import { withContext } from '../context.js';
import { fail, print, UsageError } from '../output.js';

function describe(v: SecondFactorsView): string {
  return [
    `username:        ${v.username ?? '-'}`,
    `authenticator:   ${v.totp ? `yes, since ${v.totp.confirmedAt.toISOString()}` : 'no'}`,
    `sms codes:       ${v.sms ? `yes, to ${v.sms.mobile ?? '(no verified mobile)'}` : 'no'}`,
    `recovery codes:  ${v.recoveryCodesLeft} left`,
    `verified mobile: ${v.verifiedMobile ?? '-'}`,
  ].join('\n');
}

/** The helpdesk's view of, and way out of, an account's second factors (until the admin portal has them). */
export function registerMfaCommands(program: Command): void {
  program
    .command('accounts:mfa')
    .description("show an account's second factors (masked)")
    .argument('<username>', 'username or username@mail.edu.tw')
    .option('--json', 'machine-readable output')
    .action(async (username: string, o) => {
      try {
        const v = await withContext((ctx) => ctx.get(DescribeSecondFactorsUseCase).byLogin(username));
        print(v, Boolean(o.json), () => describe(v));
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('accounts:mfa-reset')
    .description('remove every second factor of an account (audited; the holder is told)')
    .argument('<username>', 'username or username@mail.edu.tw')
    .option('--reason <text>', 'why (kept in the audit trail), required')
    .option('--json', 'machine-readable output')
    .action(async (username: string, o) => {
      try {
        if (typeof o.reason !== 'string' || !o.reason.trim())
          throw new UsageError('usage: accounts:mfa-reset <username> --reason "…"');
        const r = await withContext((ctx) =>
          ctx.get(ResetSecondFactorsUseCase).execute({ login: username, reason: o.reason, actor: 'cli' }),
        );
        print(r, Boolean(o.json), () =>
          r.removed.length ? `removed: ${r.removed.join(', ')}; the holder was told` : 'nothing to remove',
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
