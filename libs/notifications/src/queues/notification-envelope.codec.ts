import { Injectable } from '@nestjs/common';
import { DomainError, PiiService, ValidationFailed } from '#identity-core';
import { assertValidNotificationRequest } from '../notification-request.validation.js';
import type { NotificationEnvelope, NotificationJob, NotificationRequest } from '../notification.types.js';

/** A job the worker can never deliver (old format, lost key, tampered): dead-lettered at once. */
export class NotificationUnreadable extends DomainError {
  constructor(reason: 'version_unsupported' | 'undecryptable' | 'invalid' | 'mismatch') {
    super('notification_unreadable', `notification_unreadable: ${reason}`);
  }
}

/** Opens the sealed request a queued job carries. */
@Injectable()
export class NotificationEnvelopeCodec {
  constructor(private readonly pii: PiiService) {}

  open(envelope: NotificationEnvelope): NotificationJob {
    if (envelope?.version !== 1) throw new NotificationUnreadable('version_unsupported');
    let request: NotificationRequest;
    try {
      request = JSON.parse(this.pii.decrypt(envelope.sealed)) as NotificationRequest;
    } catch {
      throw new NotificationUnreadable('undecryptable');
    }
    try {
      assertValidNotificationRequest(request);
    } catch (e) {
      if (e instanceof ValidationFailed) throw new NotificationUnreadable('invalid');
      throw e;
    }
    if (request.idempotencyKey !== envelope.idempotencyKey || request.channel !== envelope.channel)
      throw new NotificationUnreadable('mismatch');
    return { ...request, version: 1, outboxId: envelope.outboxId };
  }
}
