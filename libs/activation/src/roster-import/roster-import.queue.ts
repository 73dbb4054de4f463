import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';

/** Bull queue of roster imports; the worker app consumes it (RunRosterImportUseCase). */
export const ROSTER_IMPORT_QUEUE = 'roster-import';

/** What a roster-import job carries: only the row id; the file waits, encrypted, in the database. */
export interface RosterImportJob {
  version: 1;
  importId: string;
}

/** The producer half: adds jobs, never consumes them. */
@Injectable()
export class RosterImportQueue {
  constructor(@InjectQueue(ROSTER_IMPORT_QUEUE) readonly queue: Queue<RosterImportJob>) {}

  /** Rejects after `timeoutMs` rather than waiting in ioredis's offline queue while Redis is down. */
  async add(importId: string, timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('queue add timed out')), timeoutMs);
    });
    const adding = this.queue.add({ version: 1, importId }, { jobId: `roster-import:${importId}` });
    adding.catch(() => undefined);
    try {
      await Promise.race([adding, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
