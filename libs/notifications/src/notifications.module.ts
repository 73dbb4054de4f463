import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationOutboxEntity } from './outbox/notification-outbox.entity.js';
import { NotificationOutbox } from './outbox/notification-outbox.js';

/** Producer side of notifications (the worker app holds the consumers). */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationOutboxEntity])],
  providers: [NotificationOutbox],
  exports: [NotificationOutbox],
})
export class NotificationsModule {}
