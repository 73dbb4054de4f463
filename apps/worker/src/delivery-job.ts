import type { Job } from 'bull';
import type { DeliverNotificationUseCase, NotificationEnvelope } from '#notifications';

/**
 * Runs one queued job through the delivery use case and tells Bull what happened: a thrown
 * error means "retry with backoff"; a discarded job fails for good and stays in the queue's
 * failed list for inspection (the dead letter is also recorded in notification_deliveries).
 */
export async function runDeliveryJob(
  deliver: DeliverNotificationUseCase,
  job: Job<NotificationEnvelope>,
): Promise<{ status: string }> {
  const outcome = await deliver.execute({
    envelope: job.data,
    attempt: job.attemptsMade + 1,
    maxAttempts: job.opts.attempts ?? 1,
  });
  if (outcome.status === 'retry') throw new Error(outcome.error);
  if (outcome.status === 'dead') {
    await job.discard();
    throw new Error(`dead letter: ${outcome.error}`);
  }
  return { status: outcome.status };
}
