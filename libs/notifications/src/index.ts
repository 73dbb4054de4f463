export { NotificationsModule } from './notifications.module.js';
export { NotificationOutbox } from './outbox/notification-outbox.js';
export { NotificationOutboxEntity } from './outbox/notification-outbox.entity.js';
export type {
  NotificationChannel,
  NotificationJob,
  NotificationLocale,
  NotificationRequest,
  TemplateName,
} from './notification.types.js';
