import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { DeliverNotificationUseCase, SMS_QUEUE, type NotificationEnvelope } from '#notifications';
import { runDeliveryJob } from './delivery-job.js';

/** Consumes queue `sms`. */
@Processor(SMS_QUEUE)
export class SmsProcessor {
  constructor(private readonly deliver: DeliverNotificationUseCase) {}

  @Process({ concurrency: 5 })
  handle(job: Job<NotificationEnvelope>) {
    return runDeliveryJob(this.deliver, job);
  }
}
