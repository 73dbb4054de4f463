import { Injectable } from '@nestjs/common';
import {
  SIGN_IN_ORDER,
  type AuthContext,
  type SignInMethod,
  type SignInOutcome,
  type SignInSituation,
  type SignInStep,
} from '#identity-core';
import { CodeHolders, io } from './code-holders.js';
import { FactorChecks } from './factor-checks.js';
import { SmsSignInCodes } from './sms-sign-in-codes.js';
import { accountView, chooseView, CODE_VIAS, codeView, LABELS, type CodeVia } from './views.js';

/**
 * 一次性密碼登入 on the login page (the seed's link): account name → the way the code comes
 * (authenticator app, a text message to the masked mobile, or a recovery code) → the code →
 * signed in, with no password typed on a shared computer. Every name gets the same pages in the
 * same order; a name without the chosen factor gets a code that never arrives and never works.
 */
@Injectable()
export class OneTimePasswordSignInMethod implements SignInMethod {
  readonly id = 'otp';
  readonly amr = ['otp', 'sms'];
  readonly factor = 'possession';
  readonly stages = ['first'] as const;
  readonly presentation = { order: SIGN_IN_ORDER.oneTimePassword, label: LABELS.oneTimePassword };

  constructor(
    private readonly holders: CodeHolders,
    private readonly checks: FactorChecks,
    private readonly sms: SmsSignInCodes,
  ) {}

  availableFor(situation: SignInSituation): boolean {
    return situation.account === null;
  }

  async begin(): Promise<SignInOutcome> {
    return { kind: 'challenge', step: 'account', state: {}, view: accountView() };
  }

  async complete(step: SignInStep, _s: SignInSituation, ctx: AuthContext): Promise<SignInOutcome> {
    if (step.step === 'account') {
      const state = await this.holders.byLogin((step.form.login ?? '').slice(0, 300));
      return { kind: 'challenge', step: 'choose', state, view: chooseView(state.mobile) };
    }
    const state = step.state ?? {};
    if (step.step === 'choose') {
      const via = (CODE_VIAS as readonly string[]).includes(step.form.via ?? '')
        ? (step.form.via as CodeVia)
        : 'totp';
      return this.codeStep({ ...state, via }, via, ctx, true);
    }
    const holder = await this.holders.resolve(state);
    const via = state.via as CodeVia;
    if (via === 'sms' && step.form.resend) return this.codeStep(state, via, ctx, true);
    const code = step.form.code ?? '';
    if (via === 'totp') return this.checks.totp(holder, code, ctx);
    if (via === 'recovery') return this.checks.recovery(holder, code, ctx);
    return this.checks.check('sms', holder, ctx, () => this.sms.check(holder.subject, holder.account, code));
  }

  /** The code's page; for SMS a code is sent first (unless one went out within the last minute). */
  private async codeStep(
    state: Record<string, unknown>,
    via: CodeVia,
    ctx: AuthContext,
    send: boolean,
  ): Promise<SignInOutcome> {
    const holder = await this.holders.resolve(state as Record<string, string | null>);
    const view = codeView(via, holder.mobile);
    if (via === 'sms' && send) {
      const wait = await io(() => this.sms.send(holder.subject, holder.account, ctx.locale ?? 'zh-TW'));
      if (wait !== null && view.kind === 'form')
        view.notice = {
          'zh-TW': `驗證碼已傳送至 ${holder.mobile}。如需重新傳送，請於 ${wait} 秒後再試。`,
          en: `A code was sent to ${holder.mobile}. You can ask for a new one in ${wait} seconds.`,
        };
    }
    return { kind: 'challenge', step: 'code', state: state as Record<string, string>, view };
  }
}
