import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PiiService } from '#identity-core';
import type { NotificationRequest } from '../notification.types.js';
import { NotificationOutboxEntity } from './notification-outbox.entity.js';

/**
 * The producer side every feature uses. `enqueue` only writes a row: pass the EntityManager of
 * the transaction that changes the account, so the message exists exactly when the change does,
 * even if Redis is down at that moment. A relay moves rows to the Bull queues.
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiService,
  ) {}

  async enqueue(request: NotificationRequest, manager?: EntityManager): Promise<void> {
    const repo = (manager ?? this.dataSource.manager).getRepository(NotificationOutboxEntity);
    await repo.insert({
      idempotencyKey: request.idempotencyKey,
      channel: request.channel,
      payloadCipher: this.pii.encrypt(JSON.stringify(request)),
      relayedAt: null,
      attempts: 0,
    });
  }
}
