import type { Command } from 'commander';
import { LastAuditVerificationUseCase, VerifyAuditChainUseCase } from '#identity-core';
import { withContext } from '../context.js';
import { fail, operator, print } from '../output.js';

/** The audit trail's integrity: verify the hash chain, show the last verification. */
export function registerAuditCommands(program: Command): void {
  program
    .command('audit:verify')
    .description(
      'check the audit hash chain; names the first edited, inserted or deleted row (exit 1 if any)',
    )
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const r = await withContext((ctx) => ctx.get(VerifyAuditChainUseCase).execute({ actor: operator() }));
        print(r, Boolean(o.json), () =>
          r.ok
            ? `audit chain OK: ${r.rowsChecked} rows, head seq ${r.headSeq ?? 0} ${r.headHash ?? ''}`
            : [
                `audit chain BROKEN (${r.rowsChecked} rows checked):`,
                ...r.problems.map((p) => `  ${p.message}`),
              ].join('\n'),
        );
        if (!r.ok) process.exitCode = 1;
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('audit:last-verification')
    .description('when the audit chain was last verified, and the result')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const r = await withContext((ctx) => ctx.get(LastAuditVerificationUseCase).execute());
        print(r, Boolean(o.json), () =>
          r
            ? `${r.finishedAt.toISOString()} ${r.ok ? 'OK' : 'BROKEN'}: ${r.rowsChecked} rows, by ${r.actor}${r.problem ? `; ${r.problem}` : ''}`
            : 'never verified',
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
