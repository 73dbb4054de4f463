import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { ROSTER_IMPORT_QUEUE, RunRosterImportUseCase, type RosterImportJob } from '#activation';

/** Consumes queue `roster-import`: one import at a time per worker process (each is thousands of rows). */
@Processor(ROSTER_IMPORT_QUEUE)
export class RosterImportProcessor {
  constructor(private readonly run: RunRosterImportUseCase) {}

  @Process({ concurrency: 1 })
  async handle(job: Job<RosterImportJob>) {
    const status = await this.run.execute({
      importId: String(job.data?.importId ?? ''),
      lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
    return { status };
  }
}
