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
