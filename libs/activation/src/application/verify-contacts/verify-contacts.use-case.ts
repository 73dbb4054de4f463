import { Injectable } from '@nestjs/common';
import type { ContactChannel } from '../../domain/contact.js';
import { FlowExpired } from '../../domain/errors.js';
import { ContactVerification, type CodeCheck } from '../../flow/contact-verification.js';
import { FlowStore } from '../../flow/flow.store.js';
import type { FlowData } from '../../flow/flow.types.js';

/** The codes entered on the verification page of an activation or an application. */
@Injectable()
export class VerifyContactsUseCase {
  constructor(
    private readonly flows: FlowStore,
    private readonly verification: ContactVerification,
  ) {}

  async execute(cmd: {
    kind: FlowData['kind'];
    token: string | undefined;
    codes: Partial<Record<ContactChannel, string>>;
  }): Promise<{ results: CodeCheck[]; allVerified: boolean }> {
    const flow = await this.flows.load(cmd.kind, cmd.token);
    if (!flow || flow.data.step !== 'verify') throw new FlowExpired();
    const results = await this.verification.verify(flow, cmd.codes);
    return { results, allVerified: ContactVerification.allVerified(flow.data.contacts) };
  }
}
