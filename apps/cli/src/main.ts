import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { migrate } from '#database';
import { registerAccountCommands } from './commands/accounts.command.js';
import { registerAuditCommands } from './commands/audit.command.js';
import { registerActivationCommands } from './commands/activation.command.js';
import { registerClientCommands } from './commands/clients.command.js';
import { registerDirectoryCommands } from './commands/directory.command.js';
import { registerNotificationCommands } from './commands/notifications.command.js';
import { registerRosterCommands } from './commands/roster.command.js';
import { registerMfaCommands } from './commands/mfa.command.js';
import { registerCountyCommands } from './commands/counties.command.js';
import { registerSeedCommands } from './commands/seed-demo.command.js';
import { registerStaffCommands } from './commands/staff.command.js';
import { config } from './config/config.js';
import { fail } from './output.js';

const program = new Command('edu-sso')
  .description('edu-sso operator commands (npm run cli -- <command>)')
  .exitOverride()
  .showHelpAfterError(false)
  .configureOutput({ outputError: () => undefined });

program
  .command('migrate')
  .description('create the database if missing and apply pending migrations')
  .action(async () => {
    try {
      const ran = await migrate(config.databaseUrl);
      process.stdout.write(ran.length ? `applied: ${ran.join(', ')}\n` : 'database is up to date\n');
    } catch (e) {
      fail(e, false);
    }
  });
registerAccountCommands(program);
registerActivationCommands(program);
registerClientCommands(program);
registerDirectoryCommands(program);
registerMfaCommands(program);
registerCountyCommands(program);
registerSeedCommands(program);
registerStaffCommands(program);
registerAuditCommands(program);
registerNotificationCommands(program);
registerRosterCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') process.exit(0);
  // Bad arguments: one usage line on stderr and exit code 2, as scripts expect.
  const cmd = program.commands.find((c) => process.argv.includes(c.name()));
  process.stderr.write(
    `${e.message.replace(/^error: /, 'error: ')}\nusage: npm run cli -- ${cmd ? `${cmd.name()} ${cmd.usage()}` : '<command> [options]  (see --help)'}\n`,
  );
  process.exit(2);
}
