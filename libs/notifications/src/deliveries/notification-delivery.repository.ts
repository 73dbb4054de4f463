import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { NotificationChannel } from '../notification.types.js';
import { NotificationDeliveryEntity } from './notification-delivery.entity.js';

interface DeliveryFacts {
  idempotencyKey: string;
  channel: NotificationChannel;
  template: string;
  attempts: number;
}

@Injectable()
export class NotificationDeliveryRepository {
  constructor(
    @InjectRepository(NotificationDeliveryEntity)
    private readonly repo: Repository<NotificationDeliveryEntity>,
  ) {}

  find(idempotencyKey: string): Promise<NotificationDeliveryEntity | null> {
    return this.repo.findOneBy({ idempotencyKey });
  }

  async recordSent(facts: DeliveryFacts & { providerMessageId: string | null; sentAt: Date }): Promise<void> {
    await this.repo.query(
      `INSERT INTO notification_deliveries
         (idempotency_key, channel, template, status, attempts, last_error, provider_message_id, sent_at)
       VALUES (?, ?, ?, 'sent', ?, NULL, ?, ?)
       ON DUPLICATE KEY UPDATE status = 'sent', attempts = VALUES(attempts), last_error = NULL,
         provider_message_id = VALUES(provider_message_id), sent_at = VALUES(sent_at)`,
      [
        facts.idempotencyKey,
        facts.channel,
        facts.template,
        facts.attempts,
        facts.providerMessageId?.slice(0, 255) ?? null,
        facts.sentAt,
      ],
    );
  }

  /** Dead-letters a message, unless a concurrent attempt already recorded it sent. */
  async recordDead(facts: DeliveryFacts & { lastError: string }): Promise<void> {
    await this.repo.query(
      `INSERT INTO notification_deliveries
         (idempotency_key, channel, template, status, attempts, last_error, provider_message_id, sent_at)
       VALUES (?, ?, ?, 'dead', ?, ?, NULL, NULL)
       ON DUPLICATE KEY UPDATE
         attempts = IF(status = 'sent', attempts, VALUES(attempts)),
         last_error = IF(status = 'sent', last_error, VALUES(last_error)),
         status = IF(status = 'sent', 'sent', 'dead')`,
      [facts.idempotencyKey, facts.channel, facts.template, facts.attempts, facts.lastError.slice(0, 512)],
    );
  }
}
