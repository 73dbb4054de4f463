import { Injectable } from '@nestjs/common';
import { AccountRepository, ValidationFailed } from '#identity-core';
import { normalizeEmail, normalizePhone } from '../../domain/contact.js';
import { FlowExpired } from '../../domain/errors.js';
import { ContactVerification } from '../../flow/contact-verification.js';
import { FlowStore } from '../../flow/flow.store.js';
import type { Contacts, FlowLocale } from '../../flow/flow.types.js';

export interface RegisterContactsCommand {
  token: string | undefined;
  email: string;
  phone: string;
  locale: FlowLocale;
}

/**
 * Step 3: an email address and/or a mobile number, at least one, each to be proven by a code.
 * At least one verified channel is required so that the holder can reset a forgotten password.
 * A contact already verified on the account (an approved application) needs no new code.
 */
@Injectable()
export class RegisterContactsUseCase {
  constructor(
    private readonly flows: FlowStore,
    private readonly accounts: AccountRepository,
    private readonly verification: ContactVerification,
  ) {}

  /** `allVerified`: nothing to enter, the account can be activated right away. */
  async execute(cmd: RegisterContactsCommand): Promise<{ allVerified: boolean }> {
    const flow = await this.flows.load('activation', cmd.token);
    if (!flow || flow.data.step === 'done' || !flow.data.passwordHash) throw new FlowExpired();
    const account = await this.accounts.findBySub(flow.data.accountSub);
    if (!account || account.status !== 'pending') throw new FlowExpired();

    const problems: { field: string; code: string }[] = [];
    const email = cmd.email.trim() ? normalizeEmail(cmd.email) : null;
    if (cmd.email.trim() && !email) problems.push({ field: 'email', code: 'format' });
    const phone = cmd.phone.trim() ? normalizePhone(cmd.phone) : null;
    if (cmd.phone.trim() && !phone) problems.push({ field: 'phone', code: 'format' });
    if (!cmd.email.trim() && !cmd.phone.trim()) problems.push({ field: 'contact', code: 'required' });
    if (problems.length) throw new ValidationFailed(problems);

    const previous = flow.data.contacts;
    const contacts: Contacts = {};
    if (email)
      contacts.email =
        previous.email?.value === email
          ? previous.email
          : {
              value: email,
              verified: account.emailVerified && account.email === email,
              sends: 0,
            };
    if (phone)
      contacts.phone =
        previous.phone?.value === phone
          ? previous.phone
          : {
              value: phone,
              verified: account.phoneVerified && account.phone === phone,
              sends: 0,
            };
    flow.data.contacts = contacts;
    flow.data.step = 'verify';
    // Channels kept from before keep their code; only new ones get one now.
    const fresh = ContactVerification.unverified(contacts).filter((c) => contacts[c]!.sends === 0);
    await this.verification.send(flow, fresh, cmd.locale);
    return { allVerified: ContactVerification.allVerified(contacts) };
  }
}
