/**
 * Typed, versioned notification payloads. A payload is what the worker needs to render and
 * send one message; bump `version` when its shape changes so old queued jobs stay readable.
 */
export type NotificationChannel = 'email' | 'sms';
export type NotificationLocale = 'zh-TW' | 'en';

/** Every message the service sends; the worker owns one template (zh-TW and English) per name. */
export type TemplateName =
  | 'activation.code-issued'
  | 'contact.verify-email'
  | 'contact.verify-phone'
  | 'password-reset.link'
  | 'password-reset.code'
  | 'password.changed'
  | 'username.reminder'
  | 'application.received'
  | 'application.approved'
  | 'application.rejected'
  | 'sign-in.code'
  | 'security.method-added'
  | 'security.method-removed'
  | 'security.new-device'
  | 'contact.changed';

export interface NotificationRequest {
  channel: NotificationChannel;
  /** An email address or a Taiwanese mobile number (09xxxxxxxx). */
  to: string;
  template: TemplateName;
  locale: NotificationLocale;
  /** Template variables; codes and links are secrets: they are never logged. */
  data: Record<string, string>;
  /** Stable per message: a job whose send was recorded under this key never sends again. */
  idempotencyKey: string;
}

export interface NotificationJob extends NotificationRequest {
  version: 1;
  outboxId: string;
}

/**
 * What a Bull job in queue `email` or `sms` carries. The request (address, code, link) travels
 * as the outbox row's ciphertext, so Redis, and failed jobs kept there for inspection, never hold
 * it in clear; the worker opens it with the PII keyring.
 */
export interface NotificationEnvelope {
  version: 1;
  outboxId: string;
  idempotencyKey: string;
  channel: NotificationChannel;
  /** Absent or 0 as first queued; n for the n-th requeue of a dead letter (see RequeueNotification). */
  generation?: number;
  /** The NotificationRequest as JSON, encrypted with PiiService (the outbox row's payload_cipher). */
  sealed: string;
}
