import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule } from '@nestjs/common';
import { ioredisOptions, type RedisConnection } from '#platform';
import { ImportAccountsUseCase } from '../application/import-accounts/import-accounts.use-case.js';
import { RosterImportProgressUseCase } from '../application/roster-import-progress/roster-import-progress.use-case.js';
import { RosterImportReportUseCase } from '../application/roster-import-progress/roster-import-report.use-case.js';
import { RunRosterImportUseCase } from '../application/run-roster-import/run-roster-import.use-case.js';
import { StartRosterImportUseCase } from '../application/start-roster-import/start-roster-import.use-case.js';
import { ROSTER_IMPORT_QUEUE, RosterImportQueue } from './roster-import.queue.js';
import { RosterImportStore } from './roster-import.store.js';

export const ROSTER_IMPORT_OPTIONS = Symbol('ROSTER_IMPORT_OPTIONS');

export interface RosterImportOptions {
  redis: RedisConnection;
  /** `{${redisPrefix}:bull}`, like the notification queues. */
  queuePrefix: string;
}

@Module({})
class RosterImportOptionsModule {}

const USE_CASES = [
  StartRosterImportUseCase,
  RunRosterImportUseCase,
  RosterImportProgressUseCase,
  RosterImportReportUseCase,
];

/**
 * Roster imports as Bull jobs: the producer (Start), the worker's use case (Run; its processor
 * lives in apps/worker) and what the CLI and admin pages read (Progress, Report). Needs the
 * identity core and the database.
 */
@Module({})
export class RosterImportModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => RosterImportOptions | Promise<RosterImportOptions>;
  }): DynamicModule {
    const optionsModule: DynamicModule = {
      module: RosterImportOptionsModule,
      imports: options.imports ?? [],
      providers: [
        { provide: ROSTER_IMPORT_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
      ],
      exports: [ROSTER_IMPORT_OPTIONS],
    };
    return {
      module: RosterImportModule,
      imports: [
        optionsModule,
        BullModule.registerQueueAsync({
          name: ROSTER_IMPORT_QUEUE,
          imports: [optionsModule],
          inject: [ROSTER_IMPORT_OPTIONS],
          useFactory: (o: RosterImportOptions) => ({
            prefix: o.queuePrefix,
            redis: ioredisOptions(o.redis),
            defaultJobOptions: {
              // Re-running an import is harmless (idempotent); a crashed worker's job runs again.
              attempts: 3,
              backoff: { type: 'exponential', delay: 5000 },
              removeOnComplete: { age: 7 * 24 * 3600 },
              removeOnFail: { age: 30 * 24 * 3600 },
            },
            settings: { lockDuration: 60_000, stalledInterval: 60_000, maxStalledCount: 2 },
          }),
        }),
      ],
      providers: [ImportAccountsUseCase, RosterImportStore, RosterImportQueue, ...USE_CASES],
      exports: [...USE_CASES, RosterImportQueue],
    };
  }
}
