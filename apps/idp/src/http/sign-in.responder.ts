import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OidcService, type InteractionView } from '#oidc';
import {
  SignInFlow,
  type PendingStep,
  type RejectReason,
  type SignInNext,
  type SignInRequest,
} from '#identity-core';
import { NoteSignInUseCase } from '#accounts';
import { HELPDESK_PHONES, localeSwitchHref, readCookie, sendPage, WebCookies, type Locale } from '#web';
import { CaptchaService } from '../captcha/captcha.service.js';
import { t } from '../i18n/index.js';
import { authContext } from './request-info.js';
import { consentPage, loginPage, methodChoicePage, methodStepPage, type LoginError } from '../pages/index.js';

/** A long-lived random id of the browser: a sign-in from one the account never used is announced. */
const DEVICE_COOKIE = 'edusso_device';

export const base = (it: InteractionView) => `/interaction/${it.uid}`;
export const methodHref = (it: InteractionView, method: string, step?: string) =>
  `${base(it)}/method/${encodeURIComponent(method)}${step ? `/${encodeURIComponent(step)}` : ''}`;

/** What the RP asked of this login, for the SignInPolicy. */
export function signInRequest(it: InteractionView): SignInRequest {
  const acrValues = typeof it.params.acr_values === 'string' ? it.params.acr_values.split(' ') : [];
  return { clientId: it.clientId, acr: { acrValues, essential: it.essentialAcrValues } };
}

/** The page message and status of a refused step (password's words for password). */
export function rejection(
  locale: Locale,
  reason: RejectReason,
  retryAfterSeconds: number | undefined,
  password: boolean,
  attemptsLeft?: number,
) {
  // A lock points to what helps: 忘記密碼 (a reset clears it) and the helpdesk.
  const help = t(locale, 'errors.lockedHelp', { phone: HELPDESK_PHONES[0] });
  const message =
    reason === 'locked'
      ? retryAfterSeconds
        ? `${t(locale, 'errors.lockedWait', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) })}${help}`
        : `${t(locale, 'errors.lockedPermanent')}${help}`
      : reason === 'rate_limited'
        ? t(locale, 'errors.rateLimited')
        : reason === 'account_disabled'
          ? t(locale, 'errors.accountDisabled')
          : password && attemptsLeft !== undefined && attemptsLeft <= LOCK_WARNING_AT
            ? `${t(locale, 'errors.invalidCredentials')}${t(locale, 'errors.attemptsLeft', { n: attemptsLeft })}`
            : t(locale, password ? 'errors.invalidCredentials' : 'errors.methodRejected');
  return { message, status: reason === 'rate_limited' || reason === 'locked' ? 429 : 401 };
}

/** The login page warns from this many attempts left before a temporary lock. */
const LOCK_WARNING_AT = 2;

/** Draws the interaction's pages and carries out what the SignInFlow decided. */
@Injectable()
export class SignInResponder {
  constructor(
    private readonly oidc: OidcService,
    private readonly flow: SignInFlow,
    private readonly captcha: CaptchaService,
    private readonly signIns: NoteSignInUseCase,
    private readonly cookies: WebCookies,
  ) {}

  /** finish / unmet / show / choose; `rejected` is the caller's (it knows which form to show again). */
  async carryOut(
    req: Request,
    res: Response,
    it: InteractionView,
    locale: Locale,
    next: Exclude<SignInNext, { next: 'rejected' }>,
  ) {
    switch (next.next) {
      case 'finish': {
        // The engine's login time, recorded with where the sign-in came from: My account matches
        // sessions to devices by it.
        const ts = Math.floor(Date.now() / 1000);
        const { deviceId } = await this.signIns.execute({
          sub: next.accountSub,
          amr: next.amr,
          acr: next.acr,
          clientId: it.clientId,
          ts,
          ...authContext(req),
          deviceId: readCookie(req, DEVICE_COOKIE) ?? null,
          locale,
        });
        this.cookies.set(res, DEVICE_COOKIE, deviceId, { maxAgeSeconds: 400 * 24 * 3600 });
        return redirect(
          res,
          await this.oidc.finishLogin(req, res, {
            accountId: next.accountSub,
            amr: next.amr,
            acr: next.acr,
            ts,
          }),
        );
      }
      case 'unmet':
        return redirect(
          res,
          await this.oidc.abort(
            req,
            res,
            'unmet_authentication_requirements',
            'the requested authentication context (acr) is not available',
          ),
        );
      case 'show':
        await this.oidc.saveSignIn(req, res, next.progress);
        // The step's own URL (GET draws it from the stored progress, on any instance).
        return redirect(
          res,
          next.pending.view.kind === 'redirect'
            ? next.pending.view.url
            : methodHref(it, next.pending.method, next.pending.step),
        );
      case 'choose':
        await this.oidc.saveSignIn(req, res, next.progress);
        return sendPage(
          res,
          200,
          methodChoicePage({
            locale,
            methods: next.methods
              .filter((m) => m.begin)
              .map((m) => ({ href: methodHref(it, m.id), label: m.presentation.label[locale] })),
            backHref: base(it),
            switchLocaleHref: localeSwitchHref(base(it), locale),
          }),
          { formTargets: this.formTargets(it) },
        );
    }
  }

  async sendLogin(
    res: Response,
    it: InteractionView,
    locale: Locale,
    opts: {
      login?: string;
      errors?: LoginError[];
      notice?: string;
      status?: number;
      retryAfterSeconds?: number;
    },
  ) {
    const [captcha, methods] = await Promise.all([
      this.captcha.enabled ? this.captcha.issue() : null,
      this.flow.firstFactors(it.clientId),
    ]);
    const home = base(it);
    sendPage(
      res,
      opts.status ?? 200,
      loginPage({
        locale,
        action: `${home}/login`,
        login: opts.login,
        errors: opts.errors,
        notice: opts.notice,
        captcha: captcha
          ? { id: captcha.id, imageUrl: `/captcha/${captcha.id}.png`, refreshHref: home }
          : null,
        clientName: it.clientName,
        // The login form is the first method without a step of its own (password); the others link to theirs.
        methods: methods
          .filter((m) => m.begin)
          .map((m) => ({ href: methodHref(it, m.id), label: m.presentation.label[locale] })),
        links: [
          // 忘記教育雲端密碼 / 帳號 (PasswordResetController): come back to this login page afterwards.
          {
            href: `/forgot?${new URLSearchParams({ ui_locales: locale, return: home })}`,
            label: t(locale, 'forgot.loginLink'),
          },
          {
            href: `/forgot/username?${new URLSearchParams({ ui_locales: locale, return: home })}`,
            label: t(locale, 'forgot.usernameLink'),
          },
          {
            href: `/apply?${new URLSearchParams({ ui_locales: locale, return: home })}`,
            label: t(locale, 'apply.title'),
          },
          {
            href: `/activate?${new URLSearchParams({ ui_locales: locale, return: home })}`,
            label: t(locale, 'activation.title'),
          },
        ],
        switchLocaleHref: localeSwitchHref(home, locale),
      }),
      { formTargets: this.formTargets(it), retryAfterSeconds: opts.retryAfterSeconds },
    );
  }

  /** A method's pending form, again with what was typed and why it was refused, if it was. */
  async sendStep(
    res: Response,
    it: InteractionView,
    locale: Locale,
    pending: PendingStep,
    opts: {
      values?: Record<string, string>;
      message?: string;
      status?: number;
      retryAfterSeconds?: number;
      fieldErrors?: { field: string; message: string }[];
    } = {},
  ) {
    const view = pending.view;
    if (view.kind !== 'form') return redirect(res, view.url);
    const here = methodHref(it, pending.method, pending.step);
    const captcha = view.captcha && this.captcha.enabled ? await this.captcha.issue() : null;
    // The method's own refusal (a re-issued challenge) and the idp's (captcha, rejected answer).
    const message = opts.message ?? view.error?.[locale];
    sendPage(
      res,
      opts.status ?? 200,
      methodStepPage({
        locale,
        action: here,
        title: view.title,
        lead: view.lead,
        notice: view.notice,
        fields: view.fields,
        submit: view.submit,
        alternative: view.alternative,
        values: opts.values,
        errors: [...(message ? [{ message }] : []), ...(opts.fieldErrors ?? [])],
        clientName: it.clientName,
        backHref: base(it),
        switchLocaleHref: localeSwitchHref(here, locale),
        hidden: view.hidden,
        script: view.script,
        image: view.image,
        links: view.links,
        pollSeconds: view.pollSeconds,
        reset: view.reset,
        captcha: captcha
          ? { id: captcha.id, imageUrl: `/captcha/${captcha.id}.png`, refreshHref: here }
          : null,
      }),
      {
        formTargets: [...this.formTargets(it), ...(view.redirectsTo ?? [])],
        retryAfterSeconds: opts.retryAfterSeconds,
      },
    );
  }

  sendConsent(res: Response, it: InteractionView, locale: Locale) {
    sendPage(
      res,
      200,
      consentPage({
        locale,
        action: `${base(it)}/consent`,
        clientName: it.clientName,
        scopes: it.missingScopes,
        claims: it.missingClaims,
        switchLocaleHref: localeSwitchHref(base(it), locale),
      }),
      { formTargets: this.formTargets(it) },
    );
  }

  /** The login and consent forms' redirect chains end at the issuer (another process) or the RP. */
  private formTargets(it: InteractionView) {
    return [this.oidc.issuer, String(it.params.redirect_uri ?? '')];
  }
}

export function redirect(res: Response, to: string) {
  res.redirect(303, to);
}
