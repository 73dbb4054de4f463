import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, Clock, DomainError, PiiService, ValidationFailed } from '#identity-core';
import { decodeRoster } from '../../roster/roster-decoder.js';
import { parseRoster } from '../../roster/roster-parser.js';
import { RosterImportQueue } from '../../roster-import/roster-import.queue.js';
import { RosterImportStore } from '../../roster-import/roster-import.store.js';
import type { RosterScope } from '../../roster-import/roster-scope.js';
import { ROSTER_MAX_BYTES } from '../import-accounts/import-accounts.use-case.js';

/**
 * `roster:import --async` and the admin upload: keeps the file (encrypted) with a new
 * `roster_imports` row and queues a Bull job for the worker; returns the import's id at once.
 * A file that cannot be a roster at all (no header, missing columns) is refused here, before
 * anything is queued; line problems are the job's row-level report.
 */
@Injectable()
export class StartRosterImportUseCase {
  constructor(
    private readonly store: RosterImportStore,
    private readonly queue: RosterImportQueue,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** `scope`: the uploader's (the portal's county or school admin); lines outside it are refused by the job. */
  async execute(cmd: {
    content: Buffer;
    actor: string;
    fileName?: string;
    scope?: RosterScope;
  }): Promise<{ id: string }> {
    if (cmd.content.length > ROSTER_MAX_BYTES)
      throw new ValidationFailed([{ field: 'file', code: 'too_large' }]);
    const parsed = parseRoster(decodeRoster(cmd.content).text, this.clock.now());
    if (parsed.fatal)
      throw new DomainError('roster_invalid', `line ${parsed.fatal.line}: ${parsed.fatal.message}`, {
        line: parsed.fatal.line,
      });
    const id = await this.store.create({
      actor: cmd.actor,
      fileName: cmd.fileName ?? null,
      contentCipher: this.pii.encrypt(cmd.content.toString('base64')),
      contentHash: createHash('sha256').update(cmd.content).digest('hex'),
      scope: cmd.scope,
    });
    try {
      await this.queue.add(id);
    } catch {
      await this.store.fail(id, 'the job queue (Redis) was unreachable; upload again', this.clock.now());
      throw new DomainError('queue_unavailable', 'the job queue is unreachable; try again shortly');
    }
    await this.audit.record({
      actor: cmd.actor,
      action: 'accounts.import_queued',
      target: `roster-import:${id}`,
      result: 'success',
      details: {
        bytes: cmd.content.length,
        lines: parsed.rows.length + parsed.problems.length,
        scope: cmd.scope ?? { kind: 'all' },
      },
    });
    return { id };
  }
}
