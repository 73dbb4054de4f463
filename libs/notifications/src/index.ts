export { NotificationsModule } from './notifications.module.js';
export { NotificationOutbox } from './outbox/notification-outbox.js';
export { NotificationOutboxEntity } from './outbox/notification-outbox.entity.js';
export type {
  NotificationChannel,
  NotificationEnvelope,
  NotificationJob,
  NotificationLocale,
  NotificationRequest,
  TemplateName,
} from './notification.types.js';

// Delivery side (the worker app).
export { NotificationDeliveryModule } from './notification-delivery.module.js';
export {
  NOTIFICATION_DELIVERY_OPTIONS,
  type NotificationDeliveryOptions,
  type SmsProviderOptions,
} from './notification-delivery.options.js';
export { OutboxRelay } from './outbox/outbox-relay.js';
export { EMAIL_QUEUE, SMS_QUEUE, NotificationQueues } from './queues/notification-queues.js';
export { DeliverNotificationUseCase } from './application/deliver-notification/deliver-notification.use-case.js';
export type {
  DeliverNotificationCommand,
  DeliveryOutcome,
} from './application/deliver-notification/deliver-notification.command.js';
export {
  NotificationDeliveryEntity,
  type DeliveryStatus,
} from './deliveries/notification-delivery.entity.js';
export { MailSender, type OutgoingMail, type SendReceipt } from './senders/mail-sender.js';
export { SmsSender, type OutgoingSms } from './senders/sms-sender.js';
export { DeliveryFailed } from './senders/delivery-failed.js';
export {
  renderEmail,
  renderSms,
  requiredVariables,
  templateNames,
  TemplateRenderFailed,
  type RenderedEmail,
} from './templates/template-renderer.js';

// Operators' side (CLI, admin app): failed and dead-lettered messages, requeue.
export { NotificationAdminModule } from './admin/notification-admin.module.js';
export type { NotificationAdminOptions } from './admin/notification-admin.options.js';
export type { QueueDepth } from './admin/failed-jobs.js';
export { ListFailedNotificationsUseCase } from './application/list-failed-notifications/list-failed-notifications.use-case.js';
export type {
  FailedNotifications,
  FailedNotificationView,
} from './application/list-failed-notifications/failed-notification-view.js';
export {
  REQUEUE_REASON_MAX,
  RequeueNotificationUseCase,
  type RequeueResult,
} from './application/requeue-notification/requeue-notification.use-case.js';
export {
  RequeueAllNotificationsUseCase,
  type RequeueAllResult,
} from './application/requeue-notification/requeue-all-notifications.use-case.js';
export { RequeueRefused } from './domain/errors.js';
