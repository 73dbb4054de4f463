export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Lets the sender give repeats of one message the same Message-ID. */
  idempotencyKey: string;
}

export interface SendReceipt {
  /** The provider's id for the message, when it gives one. */
  providerMessageId: string | null;
}

/** Port: hands one mail to a mail service. Throws DeliveryFailed when the service refuses it. */
export abstract class MailSender {
  abstract send(mail: OutgoingMail): Promise<SendReceipt>;
}
