import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  PiiService,
  RateLimiter,
  ValidationFailed,
  ipBucket,
  parseBirthDate,
  parseNationalId,
} from '#identity-core';
import { ACTIVATION_OPTIONS, type ResolvedActivationOptions } from '../../activation.options.js';
import { normalizeEmail, normalizePhone } from '../../domain/contact.js';
import { checkPersonName } from '../../domain/person-name.js';
import { ContactVerification } from '../../flow/contact-verification.js';
import { FlowStore } from '../../flow/flow.store.js';
import type { ApplyFlow, FlowLocale } from '../../flow/flow.types.js';
import type { AttemptContext } from '../attempt-context.js';

export interface StartApplicationCommand {
  nationalId: string;
  name: string;
  birthDate: string;
  email: string;
  phone: string;
  locale: FlowLocale;
}

/** Applications one IP address may start per hour. */
const APPLICATIONS_PER_IP_HOUR = 30;

/**
 * 申請教育雲端帳號, step 1: the form. Nothing is looked up here, so the answer is the same for a
 * national ID that already has an account or an application (that is sorted out at review).
 * The data waits in the flow, encrypted, until both contacts are verified by their codes.
 */
@Injectable()
export class StartApplicationUseCase {
  constructor(
    private readonly flows: FlowStore,
    private readonly verification: ContactVerification,
    private readonly limiter: RateLimiter,
    private readonly pii: PiiService,
    private readonly clock: Clock,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {}

  async execute(cmd: StartApplicationCommand, ctx: AttemptContext): Promise<{ token: string }> {
    const problems: { field: string; code: string }[] = [];
    const nid = parseNationalId(cmd.nationalId);
    if (!nid.ok) problems.push({ field: 'nationalId', code: nid.reason });
    const name = checkPersonName(cmd.name);
    if (!name.ok) problems.push({ field: 'name', code: name.reason });
    const birth = parseBirthDate(cmd.birthDate, this.clock.now());
    if (!birth.ok) problems.push({ field: 'birthDate', code: birth.reason });
    const email = normalizeEmail(cmd.email);
    if (!email) problems.push({ field: 'email', code: cmd.email.trim() ? 'format' : 'empty' });
    const phone = normalizePhone(cmd.phone);
    if (!phone) problems.push({ field: 'phone', code: cmd.phone.trim() ? 'format' : 'empty' });
    if (!nid.ok || !name.ok || !birth.ok || !email || !phone) throw new ValidationFailed(problems);

    if (ctx.ip) {
      await this.limiter.take(`${this.options.redisPrefix}:activation:apply-ip`, ipBucket(ctx.ip), {
        max: APPLICATIONS_PER_IP_HOUR,
        windowSeconds: 3600,
      });
    }
    await this.limiter.take(
      `${this.options.redisPrefix}:activation:apply-nid`,
      this.pii.nationalIdIndex(nid.value),
      { max: this.options.applicationsPerDay, windowSeconds: 86400 },
    );

    const fresh = (value: string) => ({ value, verified: false, sends: 0 });
    const data: ApplyFlow = {
      kind: 'apply',
      step: 'verify',
      nationalId: nid.value,
      name: name.value,
      birthDate: birth.value,
      locale: cmd.locale,
      ip: ctx.ip,
      contacts: { email: fresh(email), phone: fresh(phone) },
    };
    const { token, flow } = await this.flows.create(data);
    await this.verification.send(flow, ['email', 'phone'], cmd.locale);
    return { token };
  }
}
