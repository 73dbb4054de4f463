import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { SendReceipt } from './mail-sender.js';
import { SmsSender, type OutgoingSms } from './sms-sender.js';

/**
 * Development provider: writes the SMS to the log instead of sending it. The text holds codes,
 * so it is logged only with `revealBodies` (never set in production).
 */
export class LogSmsSender extends SmsSender {
  private readonly logger = new Logger('notifications.sms');

  constructor(private readonly options: { revealBodies: boolean }) {
    super();
  }

  async send(sms: OutgoingSms): Promise<SendReceipt> {
    const to = `${sms.to.slice(0, 4)}***${sms.to.slice(-3)}`;
    this.logger.log(
      this.options.revealBodies
        ? `SMS (log provider) to ${to}: ${sms.text}`
        : `SMS (log provider) to ${to}, ${sms.text.length} characters (text not logged)`,
    );
    return { providerMessageId: `log-${randomUUID()}` };
  }
}
