import type { Command } from 'commander';
import {
  ListFailedNotificationsUseCase,
  RequeueAllNotificationsUseCase,
  RequeueNotificationUseCase,
} from '#notifications';
import { withContext } from '../context.js';
import { fail, operator, print, UsageError } from '../output.js';

/** Failed and dead-lettered mail and SMS, and sending them again (until the admin page has them). */
export function registerNotificationCommands(program: Command): void {
  program
    .command('notifications:dead')
    .description('list failed and dead-lettered messages with their error (no address, code or text)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError('usage: notifications:dead [--limit N]');
        const r = await withContext((ctx) => ctx.get(ListFailedNotificationsUseCase).execute({ limit }));
        print(r, Boolean(o.json), () => {
          const depth = r.depth
            ? (['email', 'sms'] as const)
                .map(
                  (c) =>
                    `${c}: ${r.depth![c].waiting} waiting, ${r.depth![c].delayed} delayed, ${r.depth![c].failed} failed`,
                )
                .join('; ')
            : 'queues unreachable (Redis did not answer)';
          const lines = r.items.map(
            (i) =>
              `${i.at}  ${i.state.padEnd(9)} ${i.channel.padEnd(5)} ${i.template.padEnd(24)} tries ${i.attempts}  ${i.key}  ${i.error ?? ''}`,
          );
          return [...(lines.length ? lines : ['nothing failed']), depth].join('\n');
        });
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('notifications:requeue')
    .description('send a dead-lettered message again through the outbox (never one already sent); audited')
    .argument('[key]', 'the message key notifications:dead lists')
    .option('--all', 'every dead-lettered and failed message')
    .option('--reason <text>', 'why (kept in the audit trail)')
    .option('--json', 'machine-readable output')
    .action(async (key: string | undefined, o) => {
      try {
        if (Boolean(key) === Boolean(o.all))
          throw new UsageError('usage: notifications:requeue <key> | --all [--reason "…"]');
        const reason = typeof o.reason === 'string' ? o.reason : undefined;
        if (o.all) {
          const r = await withContext((ctx) =>
            ctx.get(RequeueAllNotificationsUseCase).execute({ actor: operator(), reason }),
          );
          print(r, Boolean(o.json), () =>
            [
              `requeued ${r.requeued.length}`,
              ...r.refused.map((x) => `  not requeued: ${x.key} (${x.error})`),
            ].join('\n'),
          );
          return;
        }
        const r = await withContext((ctx) =>
          ctx.get(RequeueNotificationUseCase).execute({ key: key!, actor: operator(), reason }),
        );
        print(
          r,
          Boolean(o.json),
          () => `requeued ${r.key} (requeue ${r.generation}); the worker sends it next`,
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
