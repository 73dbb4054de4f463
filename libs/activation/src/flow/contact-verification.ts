import { Inject, Injectable } from '@nestjs/common';
import { RateLimiter, SIX_DIGITS, TooManyAttempts, VerificationCodes, type CodePolicy } from '#identity-core';
import { NotificationOutbox } from '#notifications';
import { ACTIVATION_OPTIONS, type ResolvedActivationOptions } from '../activation.options.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../domain/contact.js';
import { FlowExpired } from '../domain/errors.js';
import { FlowStore } from './flow.store.js';
import type { Contacts, Flow, FlowLocale } from './flow.types.js';

export type CodeCheck =
  | { channel: ContactChannel; result: 'verified' }
  | { channel: ContactChannel; result: 'wrong'; remainingTries: number }
  | { channel: ContactChannel; result: 'format' | 'expired' | 'too_many_tries' | 'not_requested' };

const PURPOSE = 'contact';

/**
 * Proves an email address or mobile number inside a flow: a 6-digit code, valid 10 minutes,
 * usable once, at most 5 wrong entries per channel and flow (a new code does not reset them),
 * at most a few sends per flow and per address and hour. Codes live in identity-core's
 * VerificationCodes (keyed hash only), bound to the flow, channel and address; they go out
 * through the notification outbox.
 */
@Injectable()
export class ContactVerification {
  private readonly policy: CodePolicy;

  constructor(
    private readonly store: FlowStore,
    private readonly codes: VerificationCodes,
    private readonly outbox: NotificationOutbox,
    private readonly limiter: RateLimiter,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {
    this.policy = {
      format: SIX_DIGITS,
      ttlSeconds: options.contactCodeTtlSeconds,
      maxTries: options.contactCodeMaxTries,
      // The number of sends per flow and the hourly quota per address bound resends instead.
      resendAfterSeconds: 0,
      triesSpanSeconds: options.flowTtlSeconds,
    };
  }

  /** Channels registered in the flow but not verified yet. */
  static unverified(contacts: Contacts): ContactChannel[] {
    return CONTACT_CHANNELS.filter((c) => contacts[c] && !contacts[c]!.verified);
  }

  static allVerified(contacts: Contacts): boolean {
    const present = CONTACT_CHANNELS.filter((c) => contacts[c]);
    return present.length > 0 && present.every((c) => contacts[c]!.verified);
  }

  /**
   * Sends a fresh code to each given unverified channel and saves the flow. Refuses (TooManyAttempts)
   * when a channel used up its sends in this flow or its address its hourly quota.
   */
  async send(flow: Flow, channels: ContactChannel[], locale: FlowLocale): Promise<void> {
    const outgoing: { channel: ContactChannel; to: string; code: string; n: number }[] = [];
    for (const channel of channels) {
      const c = flow.data.contacts[channel];
      if (!c || c.verified) continue;
      if (c.sends >= this.options.contactCodeMaxSends) throw new TooManyAttempts(null);
      const quota = await this.limiter.hit(
        `${this.options.redisPrefix}:activation:contact-send`,
        `${channel}:${c.value}`,
        { max: this.options.contactSendsPerHour, windowSeconds: 3600 },
      );
      if (!quota.allowed) throw new TooManyAttempts(quota.retryAfterSeconds);
      const { code } = await this.codes.issue(PURPOSE, subject(flow, channel), this.policy, c.value);
      c.sends += 1;
      outgoing.push({ channel, to: c.value, code, n: c.sends });
    }
    // Saved before sending: a code that reaches the person always matches the stored hash.
    if (!(await this.store.save(flow))) throw new FlowExpired();
    for (const o of outgoing) {
      await this.outbox.enqueue({
        channel: o.channel === 'email' ? 'email' : 'sms',
        to: o.to,
        template: o.channel === 'email' ? 'contact.verify-email' : 'contact.verify-phone',
        locale,
        data: { code: o.code, minutes: String(Math.round(this.options.contactCodeTtlSeconds / 60)) },
        idempotencyKey: `contact:${flow.id}:${o.channel}:${o.n}`,
      });
    }
  }

  /** Checks the entered codes (one per channel) and saves what got verified. */
  async verify(flow: Flow, codes: Partial<Record<ContactChannel, string>>): Promise<CodeCheck[]> {
    const results: CodeCheck[] = [];
    for (const channel of ContactVerification.unverified(flow.data.contacts)) {
      const input = codes[channel];
      if (input === undefined || input.trim() === '') continue;
      results.push(await this.check(flow, channel, input));
    }
    if (results.some((r) => r.result === 'verified') && !(await this.store.save(flow)))
      throw new FlowExpired();
    return results;
  }

  private async check(flow: Flow, channel: ContactChannel, input: string): Promise<CodeCheck> {
    const c = flow.data.contacts[channel]!;
    const { result, remainingTries } = await this.codes.check(
      PURPOSE,
      subject(flow, channel),
      input,
      this.policy,
      c.value,
    );
    switch (result) {
      case 'accepted':
        c.verified = true;
        return { channel, result: 'verified' };
      case 'wrong':
        return { channel, result: 'wrong', remainingTries };
      case 'exhausted':
        return { channel, result: 'too_many_tries' };
      case 'none':
        return { channel, result: 'not_requested' };
      default:
        return { channel, result };
    }
  }
}

/** Tries are per flow and channel, whatever the address (the address is the code's binding). */
function subject(flow: Flow, channel: ContactChannel): string {
  return `${flow.id}:${channel}`;
}
