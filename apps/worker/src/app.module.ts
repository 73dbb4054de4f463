import { Module } from '@nestjs/common';
import { RosterImportModule } from '#activation';
import { IdentityCoreModule } from '#identity-core';
import { NotificationDeliveryModule } from '#notifications';
import { bullPrefix, identityCoreOptions, infrastructureImports } from '#platform';
import { config } from './config/config.js';
import { notificationDeliveryOptions } from './config/worker-config.js';
import { EmailProcessor } from './email.processor.js';
import { RosterImportProcessor } from './roster-import.processor.js';
import { SmsProcessor } from './sms.processor.js';

/** Relays the notification outbox to Bull and consumes the `email`, `sms` and `roster-import` queues. */
@Module({
  imports: [
    ...infrastructureImports(config, { migrate: true }),
    IdentityCoreModule.forRootAsync({ useFactory: () => identityCoreOptions(config) }),
    NotificationDeliveryModule.forRootAsync({ useFactory: () => notificationDeliveryOptions(config) }),
    RosterImportModule.forRootAsync({
      useFactory: () => ({ redis: config.redis, queuePrefix: bullPrefix(config.redisPrefix) }),
    }),
  ],
  providers: [EmailProcessor, SmsProcessor, RosterImportProcessor],
})
export class AppModule {}
