import { Injectable } from '@nestjs/common';
import { ResetTicketReader } from '../../challenges/reset-ticket.reader.js';

/**
 * Before the new-password form: is this link (or ticket) still good, and for which username?
 * Reads only, so a mail scanner opening the link does not use it up.
 */
@Injectable()
export class CheckResetTicketUseCase {
  constructor(private readonly tickets: ResetTicketReader) {}

  async execute(cmd: { ticket: unknown }): Promise<{ username: string }> {
    const { account } = await this.tickets.open(cmd.ticket);
    return { username: account.username! };
  }
}
