import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliverNotificationUseCase } from './application/deliver-notification/deliver-notification.use-case.js';
import { NotificationDeliveryEntity } from './deliveries/notification-delivery.entity.js';
import { NotificationDeliveryRepository } from './deliveries/notification-delivery.repository.js';
import {
  NOTIFICATION_DELIVERY_OPTIONS,
  type NotificationDeliveryOptions,
} from './notification-delivery.options.js';
import { NotificationOutboxEntity } from './outbox/notification-outbox.entity.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { NotificationEnvelopeCodec } from './queues/notification-envelope.codec.js';
import {
  bullQueueOptions,
  EMAIL_QUEUE,
  NotificationQueues,
  SMS_QUEUE,
} from './queues/notification-queues.js';
import { LogSmsSender } from './senders/log-sms-sender.js';
import { MailSender } from './senders/mail-sender.js';
import { MitakeSmsSender } from './senders/mitake-sms-sender.js';
import { SmsSender } from './senders/sms-sender.js';
import { SmtpMailSender } from './senders/smtp-mail-sender.js';

@Module({})
class NotificationDeliveryOptionsModule {}

const EXPORTED = [DeliverNotificationUseCase, OutboxRelay, NotificationQueues, MailSender, SmsSender];

/**
 * The delivery side of notifications, for the worker app: the outbox relay, the Bull queues
 * `email` and `sms` (producer half), senders and the delivery use case. The worker's
 * processors consume the queues and call DeliverNotificationUseCase. Needs IdentityCoreModule
 * (PiiService, Clock) and the database. Other apps import NotificationsModule (outbox only).
 */
@Module({})
export class NotificationDeliveryModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => NotificationDeliveryOptions | Promise<NotificationDeliveryOptions>;
  }): DynamicModule {
    const optionsModule: DynamicModule = {
      module: NotificationDeliveryOptionsModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: NOTIFICATION_DELIVERY_OPTIONS,
          inject: options.inject ?? [],
          useFactory: options.useFactory,
        },
      ],
      exports: [NOTIFICATION_DELIVERY_OPTIONS],
    };
    const queue = (name: string) => ({
      name,
      imports: [optionsModule],
      inject: [NOTIFICATION_DELIVERY_OPTIONS],
      useFactory: (o: NotificationDeliveryOptions) => bullQueueOptions(o),
    });
    return {
      module: NotificationDeliveryModule,
      imports: [
        optionsModule,
        TypeOrmModule.forFeature([NotificationOutboxEntity, NotificationDeliveryEntity]),
        BullModule.registerQueueAsync(queue(EMAIL_QUEUE), queue(SMS_QUEUE)),
      ],
      providers: [
        NotificationEnvelopeCodec,
        NotificationDeliveryRepository,
        NotificationQueues,
        OutboxRelay,
        DeliverNotificationUseCase,
        {
          provide: MailSender,
          inject: [NOTIFICATION_DELIVERY_OPTIONS],
          useFactory: (o: NotificationDeliveryOptions) =>
            new SmtpMailSender({ smtpUrl: o.smtpUrl, mailFrom: o.mailFrom }),
        },
        {
          provide: SmsSender,
          inject: [NOTIFICATION_DELIVERY_OPTIONS],
          // Another provider: one more SmsSender class and one more case here.
          useFactory: (o: NotificationDeliveryOptions) =>
            o.sms.provider === 'mitake' ? new MitakeSmsSender(o.sms) : new LogSmsSender(o.sms),
        },
      ],
      exports: EXPORTED,
    };
  }
}
