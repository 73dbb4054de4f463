import { Injectable } from '@nestjs/common';
import {
  AccountRepository,
  accountSubject,
  DomainError,
  loginSubject,
  normalizeLogin,
  PiiService,
  TemporarilyUnavailable,
  unknownLoginKey,
  type AccountEntity,
} from '#identity-core';
import { OtpSecrets } from '../credentials/otp-secrets.js';
import { maskMobile } from '../domain/phone-mask.js';
import { SmsSignInCodes } from './sms-sign-in-codes.js';
import type { CodeHolder } from './factor-checks.js';

/** What a one-time-password login keeps between its steps: no secret, and the same shape for every name. */
export interface HolderState {
  [key: string]: string | null;
  sub: string | null;
  subject: string;
  target: string;
  mobile: string;
}

/**
 * Turns what was typed at 一次性密碼登入 into the one the codes are checked for: the account (by
 * its id, however the name was spelt) or, for a name that is no account, its keyed pseudonym, as
 * the password does. The masked mobile is real only for an account that takes SMS codes; every
 * other name gets a stable look-alike, so the pages never tell which is which.
 */
@Injectable()
export class CodeHolders {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
    private readonly secrets: OtpSecrets,
    private readonly sms: SmsSignInCodes,
  ) {}

  async byLogin(input: string): Promise<HolderState> {
    const username = normalizeLogin(input);
    const account = username ? await io(() => this.accounts.findByLogin(username)) : null;
    if (account) return this.ofAccount(account);
    const pseudonym = this.pii.loginPseudonym(unknownLoginKey(input));
    return {
      sub: null,
      subject: loginSubject(pseudonym),
      target: `login:${pseudonym}`,
      mobile: this.secrets.lookAlikeMobile(`login:${pseudonym}`),
    };
  }

  async ofAccount(account: AccountEntity): Promise<HolderState> {
    const usable = await io(() => this.sms.usable(account));
    return {
      sub: account.sub,
      subject: accountSubject(account.id),
      target: `account:${account.sub}`,
      mobile: usable ? maskMobile(account.phone!) : this.secrets.lookAlikeMobile(`account:${account.sub}`),
    };
  }

  /** The state back as a holder, the account re-read (its status may have changed since). */
  async resolve(state: Record<string, unknown> | null): Promise<CodeHolder & { mobile: string }> {
    const sub = typeof state?.sub === 'string' ? state.sub : null;
    const account = sub ? await io(() => this.accounts.findBySub(sub)) : null;
    return {
      account,
      subject: String(state?.subject ?? ''),
      target: String(state?.target ?? ''),
      mobile: String(state?.mobile ?? ''),
    };
  }
}

export async function io<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw e instanceof DomainError ? e : new TemporarilyUnavailable(e);
  }
}
