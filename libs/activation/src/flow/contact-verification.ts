import { Inject, Injectable } from '@nestjs/common';
import { Clock, RateLimiter, TooManyAttempts } from '#identity-core';
import { NotificationOutbox } from '#notifications';
import { ACTIVATION_OPTIONS, type ResolvedActivationOptions } from '../activation.options.js';
import { CodeHasher } from '../domain/code-hasher.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../domain/contact.js';
import { FlowExpired } from '../domain/errors.js';
import { generateVerificationCode, normalizeVerificationCode } from '../domain/verification-code.js';
import { FlowStore } from './flow.store.js';
import type { Contacts, Flow, FlowLocale } from './flow.types.js';

export type CodeCheck =
  | { channel: ContactChannel; result: 'verified' }
  | { channel: ContactChannel; result: 'wrong'; remainingTries: number }
  | { channel: ContactChannel; result: 'format' | 'expired' | 'too_many_tries' | 'not_requested' };

/**
 * Proves an email address or mobile number inside a flow: a 6-digit code, valid 10 minutes,
 * usable once, at most 5 wrong entries per channel and flow (a new code does not reset them),
 * at most a few sends per flow and per address and hour. Codes go out through the
 * notification outbox; only their keyed hash stays in the flow.
 */
@Injectable()
export class ContactVerification {
  constructor(
    private readonly store: FlowStore,
    private readonly hasher: CodeHasher,
    private readonly outbox: NotificationOutbox,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {}

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
    const now = this.clock.now().getTime();
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
      const code = generateVerificationCode();
      c.codeHash = this.hasher.contactCode(flow.id, channel, c.value, code);
      c.expiresAt = now + this.options.contactCodeTtlSeconds * 1000;
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
    const code = normalizeVerificationCode(input);
    if (!code) return { channel, result: 'format' };
    if (!c.codeHash || c.expiresAt === null) return { channel, result: 'not_requested' };
    const tries = await this.store.countTry(flow.id, channel);
    const max = this.options.contactCodeMaxTries;
    if (tries > max) return { channel, result: 'too_many_tries' };
    if (this.clock.now().getTime() > c.expiresAt) return { channel, result: 'expired' };
    if (!CodeHasher.equal(this.hasher.contactCode(flow.id, channel, c.value, code), c.codeHash)) {
      return tries >= max
        ? { channel, result: 'too_many_tries' }
        : { channel, result: 'wrong', remainingTries: max - tries };
    }
    c.verified = true;
    c.codeHash = null;
    c.expiresAt = null;
    return { channel, result: 'verified' };
  }
}
