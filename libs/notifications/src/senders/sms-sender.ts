import type { SendReceipt } from './mail-sender.js';

export interface OutgoingSms {
  /** 09xxxxxxxx */
  to: string;
  text: string;
  /** Passed to gateways that deduplicate (Mitake `clientid`). */
  idempotencyKey: string;
}

/**
 * Port: hands one SMS to a provider. Throws DeliveryFailed when the provider refuses it.
 * A new provider is one class implementing this, chosen in NotificationDeliveryModule.
 */
export abstract class SmsSender {
  abstract send(sms: OutgoingSms): Promise<SendReceipt>;
}
