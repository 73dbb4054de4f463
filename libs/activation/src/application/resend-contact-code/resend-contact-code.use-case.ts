import { Injectable } from '@nestjs/common';
import type { ContactChannel } from '../../domain/contact.js';
import { FlowExpired } from '../../domain/errors.js';
import { ContactVerification } from '../../flow/contact-verification.js';
import { FlowStore } from '../../flow/flow.store.js';
import type { FlowData, FlowLocale } from '../../flow/flow.types.js';

/** "重新寄送驗證碼": a new code replaces the old one; wrong entries so far still count. */
@Injectable()
export class ResendContactCodeUseCase {
  constructor(
    private readonly flows: FlowStore,
    private readonly verification: ContactVerification,
  ) {}

  async execute(cmd: {
    kind: FlowData['kind'];
    token: string | undefined;
    channel: ContactChannel;
    locale: FlowLocale;
  }): Promise<void> {
    const flow = await this.flows.load(cmd.kind, cmd.token);
    if (!flow || flow.data.step !== 'verify') throw new FlowExpired();
    await this.verification.send(flow, [cmd.channel], cmd.locale);
  }
}
