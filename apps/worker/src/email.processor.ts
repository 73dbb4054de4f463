import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { DeliverNotificationUseCase, EMAIL_QUEUE, type NotificationEnvelope } from '#notifications';
import { runDeliveryJob } from './delivery-job.js';

/** Consumes queue `email`. */
@Processor(EMAIL_QUEUE)
export class EmailProcessor {
  constructor(private readonly deliver: DeliverNotificationUseCase) {}

  @Process({ concurrency: 5 })
  handle(job: Job<NotificationEnvelope>) {
    return runDeliveryJob(this.deliver, job);
  }
}
