import { createHash } from 'node:crypto';
import type { OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { DeliveryFailed } from './delivery-failed.js';
import { MailSender, type OutgoingMail, type SendReceipt } from './mail-sender.js';

/** Mail over SMTP (`SMTP_URL`) with nodemailer, through a small connection pool. */
export class SmtpMailSender extends MailSender implements OnApplicationShutdown {
  private readonly transport;
  private readonly messageIdDomain: string;

  constructor(options: { smtpUrl: string; mailFrom: string }) {
    super();
    this.transport = createTransport(
      {
        url: options.smtpUrl,
        pool: true,
        maxConnections: 5,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      },
      { from: options.mailFrom },
    );
    this.messageIdDomain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(options.mailFrom)?.[1] ?? 'edu-sso.invalid';
  }

  async send(mail: OutgoingMail): Promise<SendReceipt> {
    // One Message-ID per idempotency key: if a crash ever makes us send twice, mail clients
    // that deduplicate by Message-ID show it once.
    const id = createHash('sha256').update(mail.idempotencyKey).digest('hex').slice(0, 32);
    try {
      const info = await this.transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${id}@${this.messageIdDomain}>`,
      });
      return { providerMessageId: typeof info.messageId === 'string' ? info.messageId : null };
    } catch (e) {
      throw smtpFailure(e);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

/** Only the error code and SMTP reply code: the reply text can quote the address. */
function smtpFailure(e: unknown): DeliveryFailed {
  const err = e as { code?: string; responseCode?: number };
  const code = typeof err.code === 'string' ? err.code : 'EUNKNOWN';
  const reply = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  // 5xx for this recipient or this message will not change on retry; 503 is a sequence error.
  const permanent =
    (code === 'EENVELOPE' || code === 'EMESSAGE') &&
    reply !== undefined &&
    reply >= 500 &&
    reply < 600 &&
    reply !== 503;
  return new DeliveryFailed(`smtp ${code}${reply ? ` ${reply}` : ''}`, permanent);
}
