import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, DomainError } from '#identity-core';
import { NotificationDeliveryRepository } from '../../deliveries/notification-delivery.repository.js';
import type { NotificationJob } from '../../notification.types.js';
import { NotificationEnvelopeCodec } from '../../queues/notification-envelope.codec.js';
import { DeliveryFailed } from '../../senders/delivery-failed.js';
import { MailSender, type SendReceipt } from '../../senders/mail-sender.js';
import { SmsSender } from '../../senders/sms-sender.js';
import { renderEmail, renderSms } from '../../templates/template-renderer.js';
import type { DeliverNotificationCommand, DeliveryOutcome } from './deliver-notification.command.js';

/**
 * Sends one queued notification once per idempotency key, except in one window.
 *
 * Order: look up the key (sent or dead → skip), render, send, record `sent`. The window is a crash
 * after the provider accepted the message and before the record commits: the job is then retried
 * and the message sent a second time (at-least-once). The window is one INSERT long; a failing
 * INSERT is retried here (the provider is not called again) before giving up, mails keep one
 * Message-ID per key and the SMS gateway drops a repeated clientid.
 */
@Injectable()
export class DeliverNotificationUseCase {
  private readonly logger = new Logger('notifications.delivery');
  /** Waits between tries to record a send the provider already accepted. */
  protected readonly recordRetryDelaysMs = [100, 500, 2000, 5000];

  constructor(
    private readonly codec: NotificationEnvelopeCodec,
    private readonly deliveries: NotificationDeliveryRepository,
    private readonly mail: MailSender,
    private readonly sms: SmsSender,
    private readonly clock: Clock,
  ) {}

  async execute(command: DeliverNotificationCommand): Promise<DeliveryOutcome> {
    const { envelope, attempt, maxAttempts } = command;
    const key = String(envelope?.idempotencyKey ?? '').slice(0, 128);
    const previous = await this.deliveries.find(key);
    // A requeued dead letter goes once more, by the job of that requeue only (not a stale copy).
    const requeuedForThisJob =
      previous?.status === 'requeued' && previous.requeues === Number(envelope?.generation ?? 0);
    if (previous && !requeuedForThisJob) return { status: 'skipped', previous: previous.status };

    let job: NotificationJob;
    try {
      job = this.codec.open(envelope);
    } catch (e) {
      // Nothing to send it with: dead at once, with the little the envelope tells.
      const channel = envelope?.channel === 'sms' ? 'sms' : 'email';
      return this.deadLetter({ key, channel, template: 'unknown', attempt }, summarize(e));
    }
    const facts = { key, channel: job.channel, template: job.template, attempt };

    let receipt: SendReceipt;
    try {
      receipt = await this.send(job);
    } catch (e) {
      const error = summarize(e);
      const permanent = (e instanceof DeliveryFailed && e.permanent) || isRenderError(e);
      if (permanent || attempt >= maxAttempts) return this.deadLetter(facts, error);
      this.logger.warn(
        `notification ${key} (${job.channel} ${job.template}) attempt ${attempt}/${maxAttempts} failed: ${error}; will retry`,
      );
      return { status: 'retry', error };
    }

    await this.recordSent(facts, receipt);
    this.logger.log(`notification ${key} (${job.channel} ${job.template}) sent on attempt ${attempt}`);
    return { status: 'sent', providerMessageId: receipt.providerMessageId };
  }

  private send(job: NotificationJob): Promise<SendReceipt> {
    if (job.channel === 'sms')
      return this.sms.send({
        to: job.to,
        text: renderSms(job.template, job.locale, job.data),
        idempotencyKey: job.idempotencyKey,
      });
    return this.mail.send({
      to: job.to,
      ...renderEmail(job.template, job.locale, job.data),
      idempotencyKey: job.idempotencyKey,
    });
  }

  private async recordSent(
    facts: { key: string; channel: NotificationJob['channel']; template: string; attempt: number },
    receipt: SendReceipt,
  ): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        await this.deliveries.recordSent({
          idempotencyKey: facts.key,
          channel: facts.channel,
          template: facts.template,
          attempts: facts.attempt,
          providerMessageId: receipt.providerMessageId,
          sentAt: this.clock.now(),
        });
        return;
      } catch (e) {
        if (i >= this.recordRetryDelaysMs.length) {
          this.logger.error(
            `notification ${facts.key} was sent but could not be recorded (${summarize(e)}); a retry may send it again`,
          );
          throw e;
        }
        await sleep(this.recordRetryDelaysMs[i]);
      }
    }
  }

  private async deadLetter(
    facts: { key: string; channel: NotificationJob['channel']; template: string; attempt: number },
    error: string,
  ): Promise<DeliveryOutcome> {
    await this.deliveries.recordDead({
      idempotencyKey: facts.key,
      channel: facts.channel,
      template: facts.template,
      attempts: facts.attempt,
      lastError: error,
    });
    this.logger.error(
      `notification ${facts.key} (${facts.channel} ${facts.template}) dead-lettered after attempt ${facts.attempt}: ${error}`,
    );
    return { status: 'dead', error };
  }
}

function isRenderError(e: unknown): boolean {
  return e instanceof DomainError && e.code.startsWith('template_');
}

/** A safe one-line description: domain errors carry their own; others only their type. */
function summarize(e: unknown): string {
  if (e instanceof DeliveryFailed) return e.summary;
  if (e instanceof DomainError) return e.message;
  return e instanceof Error ? `unexpected ${e.name}` : 'unexpected error';
}
