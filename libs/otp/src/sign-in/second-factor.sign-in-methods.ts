import { Injectable } from '@nestjs/common';
import {
  SIGN_IN_ORDER,
  type AuthContext,
  type SignInMethod,
  type SignInOutcome,
  type SignInSituation,
  type SignInStep,
} from '#identity-core';
import { SecondFactorsRepository } from '../credentials/second-factors.repository.js';
import { CodeHolders, io } from './code-holders.js';
import { FactorChecks } from './factor-checks.js';
import { SmsSignInCodes } from './sms-sign-in-codes.js';
import { codeView, LABELS } from './views.js';

// After the password: the further factors sit just after 一次性密碼 in the order.
const ORDER = SIGN_IN_ORDER.oneTimePassword;

/** The authenticator app as a further factor (after the password), when the account has one. */
@Injectable()
export class TotpSignInMethod implements SignInMethod {
  readonly id = 'totp';
  readonly amr = ['otp'];
  readonly factor = 'possession';
  readonly stages = ['second'] as const;
  readonly presentation = { order: ORDER + 1, label: LABELS.totp };

  constructor(
    private readonly secondFactors: SecondFactorsRepository,
    private readonly holders: CodeHolders,
    private readonly checks: FactorChecks,
  ) {}

  async availableFor({ account }: SignInSituation): Promise<boolean> {
    if (!account) return false;
    const row = await io(() => this.secondFactors.findTotp(account.id));
    return Boolean(row?.secretCipher);
  }

  async begin({ account }: SignInSituation): Promise<SignInOutcome> {
    const state = await this.holders.ofAccount(account!);
    return { kind: 'challenge', step: 'code', state, view: codeView('totp') };
  }

  async complete(step: SignInStep, _s: SignInSituation, ctx: AuthContext): Promise<SignInOutcome> {
    return this.checks.totp(await this.holders.resolve(step.state), step.form.code ?? '', ctx);
  }
}

/** SMS codes as a further factor, when the holder turned them on and the mobile is verified. */
@Injectable()
export class SmsSignInMethod implements SignInMethod {
  readonly id = 'sms';
  readonly amr = ['sms'];
  readonly factor = 'possession';
  readonly stages = ['second'] as const;
  readonly presentation = { order: ORDER + 2, label: LABELS.sms };

  constructor(
    private readonly holders: CodeHolders,
    private readonly checks: FactorChecks,
    private readonly sms: SmsSignInCodes,
  ) {}

  availableFor({ account }: SignInSituation): Promise<boolean> {
    return io(() => this.sms.usable(account));
  }

  /** Runs on a POST (the choice, or the password form going straight on): sends the code. */
  async begin({ account }: SignInSituation, ctx: AuthContext): Promise<SignInOutcome> {
    const state = await this.holders.ofAccount(account!);
    return this.codeStep(state, ctx);
  }

  async complete(step: SignInStep, _s: SignInSituation, ctx: AuthContext): Promise<SignInOutcome> {
    if (step.form.resend) return this.codeStep(step.state as Record<string, string>, ctx);
    const holder = await this.holders.resolve(step.state);
    const code = step.form.code ?? '';
    return this.checks.check('sms', holder, ctx, () => this.sms.check(holder.subject, holder.account, code));
  }

  private async codeStep(state: Record<string, string | null>, ctx: AuthContext): Promise<SignInOutcome> {
    const holder = await this.holders.resolve(state);
    const wait = await io(() => this.sms.send(holder.subject, holder.account, ctx.locale ?? 'zh-TW'));
    const view = codeView('sms', holder.mobile);
    if (wait !== null && view.kind === 'form')
      view.notice = {
        'zh-TW': `驗證碼已傳送至 ${holder.mobile}。如需重新傳送，請於 ${wait} 秒後再試。`,
        en: `A code was sent to ${holder.mobile}. You can ask for a new one in ${wait} seconds.`,
      };
    return { kind: 'challenge', step: 'code', state, view };
  }
}

/** A recovery code in place of the app or SMS (lost phone), when the account has some left. */
@Injectable()
export class RecoveryCodeSignInMethod implements SignInMethod {
  readonly id = 'recovery';
  readonly amr = ['otp'];
  readonly factor = 'possession';
  readonly stages = ['second'] as const;
  readonly presentation = { order: ORDER + 3, label: LABELS.recovery };

  constructor(
    private readonly secondFactors: SecondFactorsRepository,
    private readonly holders: CodeHolders,
    private readonly checks: FactorChecks,
  ) {}

  async availableFor({ account }: SignInSituation): Promise<boolean> {
    return account ? (await io(() => this.secondFactors.remainingRecoveryCodes(account.id))) > 0 : false;
  }

  async begin({ account }: SignInSituation): Promise<SignInOutcome> {
    const state = await this.holders.ofAccount(account!);
    return { kind: 'challenge', step: 'code', state, view: codeView('recovery') };
  }

  async complete(step: SignInStep, _s: SignInSituation, ctx: AuthContext): Promise<SignInOutcome> {
    return this.checks.recovery(await this.holders.resolve(step.state), step.form.code ?? '', ctx);
  }
}
