import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ACR_VALUES, InteractionExpired, OidcService, type InteractionView } from '#oidc';
import { AuditService, PasswordAuthenticator, TemporarilyUnavailable, type AuthResult } from '#identity-core';
import { CaptchaService } from '../captcha/captcha.service.js';
import { localeSwitchHref, t, type Locale } from '../i18n/index.js';
import { consentPage, loginPage, type LoginError } from '../pages/index.js';
import { ConsentDto } from './dto/consent.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { authContext, requestLocale, sendPage } from './request-info.js';

/** The authentication contexts the login methods offered here can reach (no second factor yet). */
const ACHIEVABLE_ACRS: readonly string[] = [ACR_VALUES[0]!];

/** Runs login methods for the engine's interactions, then hands the result back to it. */
@Controller('interaction')
export class InteractionController {
  constructor(
    private readonly oidc: OidcService,
    private readonly password: PasswordAuthenticator,
    private readonly captcha: CaptchaService,
    private readonly audit: AuditService,
  ) {}

  @Get(':uid')
  async show(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    const it = await this.current(uid, req, res);
    // An essential acr no login method here can give: say so to the RP (OIDC Core 5.5.1.1) instead
    // of showing a login page that could only loop.
    if (it.essentialAcrValues && !it.essentialAcrValues.some((v) => ACHIEVABLE_ACRS.includes(v)))
      return this.redirect(
        res,
        await this.oidc.abort(
          req,
          res,
          'unmet_authentication_requirements',
          'the requested authentication context (acr) is not available',
        ),
      );
    const locale = requestLocale(req, it.params.ui_locales);
    if (it.prompt === 'consent') {
      if (it.firstParty) return this.redirect(res, await this.oidc.finishConsent(req, res));
      return this.sendConsent(res, req, it, locale);
    }
    const hint = typeof it.params.login_hint === 'string' ? it.params.login_hint : undefined;
    return this.sendLogin(res, req, it, locale, { login: hint });
  }

  @Post(':uid/login')
  async login(@Param('uid') uid: string, @Body() form: LoginDto, @Req() req: Request, @Res() res: Response) {
    const it = await this.current(uid, req, res);
    const locale = requestLocale(req, it.params.ui_locales);
    const { login, password } = form;
    // The form's only rule is "required" (login, then password).
    const errors: LoginError[] = form.problems.map((p) => {
      const field = p.field === 'login' ? 'login' : 'password';
      return { field, message: t(locale, 'errors.required', { field: t(locale, `login.${field}`) }) };
    });
    if (this.captcha.enabled) {
      // One attempt per image: a wrong or missing answer burns it and a new one is shown.
      const ok = await this.captcha.verify(form.captcha_id, form.captcha);
      if (!ok) errors.push({ field: 'captcha', message: t(locale, 'errors.captchaWrong') });
    }
    if (errors.length) return this.sendLogin(res, req, it, locale, { login, errors, status: 400 });

    let result: AuthResult;
    try {
      // With captchas on, this attempt's was solved above: the account-wide wait does not hold it.
      result = await this.password.verify(
        { login, password },
        { ...authContext(req), captchaSolved: this.captcha.enabled },
      );
    } catch (e) {
      if (!(e instanceof TemporarilyUnavailable)) throw e;
      // Nothing was decided or counted: the same form again, to retry when the outage ends.
      return this.sendLogin(res, req, it, locale, {
        login,
        errors: [{ message: t(locale, 'errors.unavailable') }],
        status: 503,
        retryAfterSeconds: e.retryAfterSeconds,
      });
    }
    if (result.status === 'success') {
      const to = await this.oidc.finishLogin(req, res, {
        accountId: result.account.sub,
        amr: result.amr,
        acr: ACHIEVABLE_ACRS[0]!,
      });
      return this.redirect(res, to);
    }
    const message =
      result.reason === 'locked'
        ? result.retryAfterSeconds
          ? t(locale, 'errors.lockedWait', { minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) })
          : t(locale, 'errors.lockedPermanent')
        : result.reason === 'rate_limited'
          ? t(locale, 'errors.rateLimited')
          : result.reason === 'account_disabled'
            ? t(locale, 'errors.accountDisabled')
            : t(locale, 'errors.invalidCredentials');
    return this.sendLogin(res, req, it, locale, {
      login,
      errors: [{ message }],
      status: result.reason === 'rate_limited' || result.reason === 'locked' ? 429 : 401,
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }

  @Post(':uid/consent')
  async consent(
    @Param('uid') uid: string,
    @Body() form: ConsentDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const it = await this.current(uid, req, res);
    const approved = form.decision === 'approve';
    await this.audit.record({
      actor: it.accountId ? `account:${it.accountId}` : 'anonymous',
      action: 'consent',
      target: `client:${it.clientId}`,
      result: approved ? 'success' : 'failure',
      ip: req.ip,
      details: { scopes: it.missingScopes },
    });
    const to = approved
      ? await this.oidc.finishConsent(req, res)
      : await this.oidc.abort(req, res, 'access_denied', 'consent denied');
    return this.redirect(res, to);
  }

  @Get(':uid/abort')
  async abort(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.current(uid, req, res);
    return this.redirect(res, await this.oidc.abort(req, res));
  }

  private async current(uid: string, req: Request, res: Response): Promise<InteractionView> {
    const it = await this.oidc.interaction(req, res);
    if (it.uid !== uid) throw new InteractionExpired();
    return it;
  }

  private redirect(res: Response, to: string) {
    res.redirect(303, to);
  }

  private async sendLogin(
    res: Response,
    req: Request,
    it: InteractionView,
    locale: Locale,
    opts: { login?: string; errors?: LoginError[]; status?: number; retryAfterSeconds?: number },
  ) {
    const captcha = this.captcha.enabled ? await this.captcha.issue() : null;
    const base = `/interaction/${it.uid}`;
    sendPage(
      res,
      opts.status ?? 200,
      loginPage({
        locale,
        action: `${base}/login`,
        login: opts.login,
        errors: opts.errors,
        captcha: captcha
          ? { id: captcha.id, imageUrl: `/captcha/${captcha.id}.png`, refreshHref: base }
          : null,
        clientName: it.clientName,
        links: [
          // 忘記教育雲端密碼 / 帳號 (PasswordResetController): come back to this login page afterwards.
          {
            href: `/forgot?${new URLSearchParams({ ui_locales: locale, return: base })}`,
            label: t(locale, 'forgot.loginLink'),
          },
          {
            href: `/forgot/username?${new URLSearchParams({ ui_locales: locale, return: base })}`,
            label: t(locale, 'forgot.usernameLink'),
          },
          { href: `/apply?ui_locales=${locale}`, label: t(locale, 'apply.title') },
          { href: `/activate?ui_locales=${locale}`, label: t(locale, 'activation.title') },
        ],
        switchLocaleHref: localeSwitchHref(base, locale),
      }),
      { formTargets: this.formTargets(it), retryAfterSeconds: opts.retryAfterSeconds },
    );
  }

  /** The login and consent forms' redirect chains end at the issuer (another process) or the RP. */
  private formTargets(it: InteractionView) {
    return [this.oidc.issuer, String(it.params.redirect_uri ?? '')];
  }

  private sendConsent(res: Response, req: Request, it: InteractionView, locale: Locale) {
    const base = `/interaction/${it.uid}`;
    sendPage(
      res,
      200,
      consentPage({
        locale,
        action: `${base}/consent`,
        clientName: it.clientName,
        scopes: it.missingScopes,
        claims: it.missingClaims,
        switchLocaleHref: localeSwitchHref(base, locale),
      }),
      { formTargets: this.formTargets(it) },
    );
  }
}
