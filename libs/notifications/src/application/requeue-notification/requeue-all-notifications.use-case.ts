import { Injectable } from '@nestjs/common';
import { DomainError } from '#identity-core';
import { ListFailedNotificationsUseCase } from '../list-failed-notifications/list-failed-notifications.use-case.js';
import { RequeueNotificationUseCase, type RequeueResult } from './requeue-notification.use-case.js';

export interface RequeueAllResult {
  requeued: RequeueResult[];
  /** Keys that could not be requeued, with the refusal's code (say, sent meanwhile). */
  refused: { key: string; error: string }[];
}

/** `notifications:requeue --all`: every dead letter and worker-killed job, one by one. */
@Injectable()
export class RequeueAllNotificationsUseCase {
  constructor(
    private readonly list: ListFailedNotificationsUseCase,
    private readonly requeue: RequeueNotificationUseCase,
  ) {}

  async execute(cmd: { actor: string; reason?: string }): Promise<RequeueAllResult> {
    const { items } = await this.list.execute({ limit: 1000 });
    const result: RequeueAllResult = { requeued: [], refused: [] };
    const keys = [
      ...new Set(items.filter((i) => i.state === 'dead' || i.state === 'failed').map((i) => i.key)),
    ];
    for (const key of keys) {
      try {
        result.requeued.push(await this.requeue.execute({ key, actor: cmd.actor, reason: cmd.reason }));
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        result.refused.push({ key, error: e.code });
      }
    }
    return result;
  }
}
