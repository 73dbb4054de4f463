import { Injectable } from '@nestjs/common';
import { AccountRepository } from '#identity-core';
import { formatApplicationReference } from '../../domain/application-reference.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../../domain/contact.js';
import { FlowStore } from '../../flow/flow.store.js';
import type { ActivationFlow, ApplyFlow } from '../../flow/flow.types.js';

export interface ContactView {
  channel: ContactChannel;
  value: string;
  verified: boolean;
  /** A code was sent and can be entered. */
  codeSent: boolean;
}

export interface ActivationFlowView {
  step: ActivationFlow['step'];
  name: string;
  username: string | null;
  contacts: ContactView[];
  /** Prefill for the contact form: what the account already has verified. */
  knownEmail: string | null;
  knownPhone: string | null;
}

export interface ApplyFlowView {
  step: ApplyFlow['step'];
  name: string;
  contacts: ContactView[];
  /** 申請編號 as shown (`ABCD-EFGH`), once submitted. */
  reference: string | null;
}

function contactViews(contacts: ActivationFlow['contacts']): ContactView[] {
  return CONTACT_CHANNELS.filter((c) => contacts[c]).map((c) => ({
    channel: c,
    value: contacts[c]!.value,
    verified: contacts[c]!.verified,
    codeSent: contacts[c]!.sends > 0,
  }));
}

/** What the pages of a flow in progress show; null when there is none (expired, finished, forged). */
@Injectable()
export class DescribeFlowUseCase {
  constructor(
    private readonly flows: FlowStore,
    private readonly accounts: AccountRepository,
  ) {}

  async activation(token: string | undefined): Promise<ActivationFlowView | null> {
    const flow = await this.flows.load('activation', token);
    if (!flow) return null;
    const f = flow.data;
    const account = f.step === 'done' ? null : await this.accounts.findBySub(f.accountSub);
    if (f.step !== 'done' && account?.status !== 'pending') return null;
    return {
      step: f.step,
      name: f.name,
      username: f.username,
      contacts: contactViews(f.contacts),
      knownEmail: account?.emailVerified ? account.email : null,
      knownPhone: account?.phoneVerified ? account.phone : null,
    };
  }

  async apply(token: string | undefined): Promise<ApplyFlowView | null> {
    const flow = await this.flows.load('apply', token);
    if (!flow) return null;
    const { step, name, contacts, reference } = flow.data;
    return {
      step,
      name,
      contacts: contactViews(contacts),
      reference: reference ? formatApplicationReference(reference) : null,
    };
  }
}
