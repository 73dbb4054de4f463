import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PiiService } from '#identity-core';
import { assertValidNotificationRequest } from '../notification-request.validation.js';
import type { NotificationRequest } from '../notification.types.js';

/**
 * The producer side every feature uses. `enqueue` only writes a row: pass the EntityManager of
 * the transaction that changes the account, so the message exists exactly when the change does,
 * even if Redis is down at that moment. The worker's relay moves rows to the Bull queues.
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiService,
  ) {}

  /**
   * Throws ValidationFailed for a request no template can render (bad address, missing variable).
   * Idempotent: a second request with the same idempotencyKey is ignored, the first one wins.
   */
  async enqueue(request: NotificationRequest, manager?: EntityManager): Promise<void> {
    assertValidNotificationRequest(request);
    const sealed = this.pii.encrypt(
      JSON.stringify({
        channel: request.channel,
        to: request.to,
        template: request.template,
        locale: request.locale,
        data: request.data,
        idempotencyKey: request.idempotencyKey,
      } satisfies NotificationRequest),
    );
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO notification_outbox (idempotency_key, channel, payload_cipher, relayed_at, attempts)
       VALUES (?, ?, ?, NULL, 0)
       ON DUPLICATE KEY UPDATE idempotency_key = idempotency_key`,
      [request.idempotencyKey, request.channel, sealed],
    );
  }
}
