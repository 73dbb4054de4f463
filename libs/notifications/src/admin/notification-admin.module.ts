import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule } from '@nestjs/common';
import { ioredisOptions } from '#platform';
import { ListFailedNotificationsUseCase } from '../application/list-failed-notifications/list-failed-notifications.use-case.js';
import { RequeueAllNotificationsUseCase } from '../application/requeue-notification/requeue-all-notifications.use-case.js';
import { RequeueNotificationUseCase } from '../application/requeue-notification/requeue-notification.use-case.js';
import { NotificationEnvelopeCodec } from '../queues/notification-envelope.codec.js';
import { EMAIL_QUEUE, SMS_QUEUE } from '../queues/notification-queues.js';
import { FailedJobs } from './failed-jobs.js';
import { NOTIFICATION_ADMIN_OPTIONS, type NotificationAdminOptions } from './notification-admin.options.js';

@Module({})
class NotificationAdminOptionsModule {}

const USE_CASES = [
  ListFailedNotificationsUseCase,
  RequeueNotificationUseCase,
  RequeueAllNotificationsUseCase,
];

/**
 * The operators' side of notifications (CLI now, the admin app's notifications page later): list
 * what did not go out, requeue it. Reads the worker's queues (never consumes them); requeued
 * messages go back through the outbox, which only the worker's relay moves to the queues. Needs
 * IdentityCoreModule (PiiService, AuditService) and the database.
 */
@Module({})
export class NotificationAdminModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => NotificationAdminOptions | Promise<NotificationAdminOptions>;
  }): DynamicModule {
    const optionsModule: DynamicModule = {
      module: NotificationAdminOptionsModule,
      imports: options.imports ?? [],
      providers: [
        { provide: NOTIFICATION_ADMIN_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
      ],
      exports: [NOTIFICATION_ADMIN_OPTIONS],
    };
    const queue = (name: string) => ({
      name,
      imports: [optionsModule],
      inject: [NOTIFICATION_ADMIN_OPTIONS],
      useFactory: (o: NotificationAdminOptions) => ({
        prefix: o.queuePrefix,
        redis: ioredisOptions(o.redis),
      }),
    });
    return {
      module: NotificationAdminModule,
      imports: [optionsModule, BullModule.registerQueueAsync(queue(EMAIL_QUEUE), queue(SMS_QUEUE))],
      providers: [NotificationEnvelopeCodec, FailedJobs, ...USE_CASES],
      exports: USE_CASES,
    };
  }
}
