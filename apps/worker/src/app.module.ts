import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '#identity-core';
import { NotificationDeliveryModule } from '#notifications';
import { identityCoreOptions, infrastructureImports } from '#platform';
import { config } from './config/config.js';
import { notificationDeliveryOptions } from './config/worker-config.js';
import { EmailProcessor } from './email.processor.js';
import { SmsProcessor } from './sms.processor.js';

/** Relays the notification outbox to Bull and consumes the `email` and `sms` queues. */
@Module({
  imports: [
    ...infrastructureImports(config, { migrate: true }),
    IdentityCoreModule.forRootAsync({ useFactory: () => identityCoreOptions(config) }),
    NotificationDeliveryModule.forRootAsync({ useFactory: () => notificationDeliveryOptions(config) }),
  ],
  providers: [EmailProcessor, SmsProcessor],
})
export class AppModule {}
