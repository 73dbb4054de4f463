import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InteractionExpired, OidcService, type InteractionView } from '#oidc';
import {
  AuditService,
  POLL_FIELD,
  SignInFlow,
  SignInStepUnknown,
  START_STEP,
  TemporarilyUnavailable,
  type AuthContext,
  type SignInNext,
} from '#identity-core';
import { requestLocale, type Locale } from '#web';
import { CaptchaService } from '../captcha/captcha.service.js';
import { t } from '../i18n/index.js';
import type { LoginError } from '../pages/index.js';
import { ConsentDto } from './dto/consent.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { authContext } from './request-info.js';
import { base, redirect, rejection, signInRequest, SignInResponder } from './sign-in.responder.js';

/** The method whose form is the login page's own, posted to today's `/interaction/:uid/login`. */
const LOGIN_FORM_METHOD = 'pwd';

/**
 * Longest field a method's form may send: a card's CMS signature with its certificate (MOICA G3:
 * RSA-4096) is about 5 kB of base64; everything a person types is far shorter.
 */
const FIELD_CAP = 16 * 1024;

/**
 * A method's form fields: strings only, each capped, at most 20 of them. Which fields a step has is
 * the method's (its view declares them), so the method checks them, not a DTO of the idp.
 */
function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body).slice(0, 20))
    if (typeof v === 'string') out[k] = v.slice(0, FIELD_CAP);
  return out;
}

/**
 * Runs the registered sign-in methods for the engine's interactions (SignInFlow), keeps each
 * login's progress with the interaction, and hands the result back to the engine.
 */
@Controller('interaction')
export class InteractionController {
  constructor(
    private readonly oidc: OidcService,
    private readonly flow: SignInFlow,
    private readonly pages: SignInResponder,
    private readonly captcha: CaptchaService,
    private readonly audit: AuditService,
  ) {}

  @Get(':uid')
  async show(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    const it = await this.current(uid, req, res);
    const locale = requestLocale(req, it.params.ui_locales);
    // An essential acr no login method here can give: say so to the RP (OIDC Core 5.5.1.1) instead
    // of showing a login page that could only loop.
    const achievable = this.flow.achievableAcrs();
    if (it.essentialAcrValues && !it.essentialAcrValues.some((v) => achievable.includes(v)))
      return this.pages.carryOut(req, res, it, locale, { next: 'unmet' });
    if (it.prompt === 'consent') {
      if (it.firstParty) return redirect(res, await this.oidc.finishConsent(req, res));
      return this.pages.sendConsent(res, it, locale);
    }
    const hint = typeof it.params.login_hint === 'string' ? it.params.login_hint : undefined;
    return this.pages.sendLogin(res, it, locale, { login: hint });
  }

  /** The login page's form (today's URL and fields). */
  @Post(':uid/login')
  async login(@Param('uid') uid: string, @Body() form: LoginDto, @Req() req: Request, @Res() res: Response) {
    return this.loginForm(LOGIN_FORM_METHOD, uid, form, req, res);
  }

  /** Only the method's button (a POST) begins it; a bookmarked or hand-made GET goes to the login page. */
  @Get(':uid/method/:method')
  async beginByLink(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    return redirect(res, base(await this.current(uid, req, res)));
  }

  @Post(':uid/method/:method')
  async begin(
    @Param('uid') uid: string,
    @Param('method') method: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const it = await this.current(uid, req, res);
    const locale = requestLocale(req, it.params.ui_locales);
    const next = await this.run(it, res, () =>
      this.flow.begin(method, it.signIn, signInRequest(it), { ...authContext(req), locale, loginId: it.uid }),
    );
    if (!next) return;
    if (next.next !== 'rejected') return this.pages.carryOut(req, res, it, locale, next);
    const { message, status } = rejection(locale, next.reason, next.retryAfterSeconds, false);
    return this.pages.sendLogin(res, it, locale, {
      errors: [{ message }],
      status,
      retryAfterSeconds: next.retryAfterSeconds,
    });
  }

  /**
   * A pending step, drawn from the progress stored with the interaction (on any instance). A
   * waiting step (MethodView `pollSeconds`) asks its method first whether it is done: the page's
   * refresh (no JavaScript) or its script (`Accept: application/json`, answered with JSON) polls.
   */
  @Get(':uid/method/:method/:step')
  async step(
    @Param('uid') uid: string,
    @Param('method') method: string,
    @Param('step') step: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const it = await this.current(uid, req, res);
    const pending = it.signIn?.pending;
    if (!pending || pending.method !== method || pending.step !== step) return redirect(res, base(it));
    const locale = requestLocale(req, it.params.ui_locales);
    if (pending.view.kind !== 'form' || !pending.view.pollSeconds)
      return this.pages.sendStep(res, it, locale, pending);
    const json = req.accepts(['html', 'json']) === 'json';
    const next = await this.run(it, res, () =>
      this.flow.complete(method, step, { [POLL_FIELD]: '1' }, it.signIn, signInRequest(it), authContext(req)),
    );
    if (!next) return;
    if (next.next === 'show' && next.pending.method === method && next.pending.step === step) {
      await this.oidc.saveSignIn(req, res, next.progress);
      if (json) return res.json({ pending: true });
      return this.pages.sendStep(res, it, locale, next.pending);
    }
    // Done, refused or moved on: the script navigates where a page would have been redirected.
    if (json) res.redirect = ((_: unknown, to: string) => res.json({ location: to })) as never;
    if (next.next !== 'rejected') return this.pages.carryOut(req, res, it, locale, next);
    return redirect(res, base(it));
  }

  /** A first form is the login page's, captcha and all, whichever URL it came to (declared before `:step`). */
  @Post(`:uid/method/:method/${START_STEP}`)
  async start(
    @Param('uid') uid: string,
    @Param('method') method: string,
    @Body() form: LoginDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.loginForm(method, uid, form, req, res);
  }

  @Post(':uid/method/:method/:step')
  async complete(
    @Param('uid') uid: string,
    @Param('method') method: string,
    @Param('step') step: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const it = await this.current(uid, req, res);
    const locale = requestLocale(req, it.params.ui_locales);
    const form = formFields(body);
    const pending = it.signIn?.pending;
    const open = pending?.method === method && pending.step === step ? pending : null;
    const ctx: AuthContext = authContext(req);
    if (open?.view.kind === 'form' && open.view.captcha && this.captcha.enabled) {
      // One attempt per image, as on the login page; the method runs only with a solved one.
      if (!(await this.captcha.verify(form.captcha_id ?? '', form.captcha ?? '')))
        return this.pages.sendStep(res, it, locale, open, {
          status: 400,
          fieldErrors: [{ field: 'captcha', message: t(locale, 'errors.captchaWrong') }],
        });
      ctx.captchaSolved = true;
    }
    const next = await this.run(it, res, () =>
      this.flow.complete(method, step, form, it.signIn, signInRequest(it), {
        ...ctx,
        locale,
        loginId: it.uid,
      }),
    );
    if (!next) return;
    if (next.next !== 'rejected') return this.pages.carryOut(req, res, it, locale, next);
    const { message, status } = rejection(locale, next.reason, next.retryAfterSeconds, false);
    if (!next.pending) return redirect(res, base(it));
    return this.pages.sendStep(res, it, locale, next.pending, {
      values: form,
      message,
      status,
      retryAfterSeconds: next.retryAfterSeconds,
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
    return redirect(res, to);
  }

  @Get(':uid/abort')
  async abort(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.current(uid, req, res);
    return redirect(res, await this.oidc.abort(req, res));
  }

  private async loginForm(method: string, uid: string, form: LoginDto, req: Request, res: Response) {
    const it = await this.current(uid, req, res);
    const locale = requestLocale(req, it.params.ui_locales);
    const { login, password } = form;
    if (form.captcha_refresh && this.captcha.enabled)
      return this.pages.sendLogin(res, it, locale, { login, notice: t(locale, 'login.captchaRefreshed') });
    const errors = await this.checkLoginForm(locale, form);
    if (errors.length) return this.pages.sendLogin(res, it, locale, { login, errors, status: 400 });

    // With captchas on, this attempt's was solved above: the account-wide wait does not hold it.
    const ctx: AuthContext = { ...authContext(req), captchaSolved: this.captcha.enabled, locale };
    let next: SignInNext;
    try {
      next = await this.flow.complete(
        method,
        START_STEP,
        { login, password },
        it.signIn,
        signInRequest(it),
        ctx,
      );
    } catch (e) {
      if (e instanceof SignInStepUnknown) return redirect(res, base(it));
      if (!(e instanceof TemporarilyUnavailable)) throw e;
      // Nothing was decided or counted: the same form again, to retry when the outage ends.
      return this.pages.sendLogin(res, it, locale, {
        login,
        errors: [{ message: t(locale, 'errors.unavailable') }],
        status: 503,
        retryAfterSeconds: e.retryAfterSeconds,
      });
    }
    if (next.next !== 'rejected') return this.pages.carryOut(req, res, it, locale, next);
    const { message, status } = rejection(
      locale,
      next.reason,
      next.retryAfterSeconds,
      true,
      next.attemptsLeft,
    );
    return this.pages.sendLogin(res, it, locale, {
      login,
      errors: [{ message }],
      status,
      retryAfterSeconds: next.retryAfterSeconds,
    });
  }

  private async checkLoginForm(locale: Locale, form: LoginDto) {
    // The form's only rule is "required" (login, then password).
    const errors: LoginError[] = form.problems.map((p) => {
      const field = p.field === 'login' ? 'login' : 'password';
      return { field, message: t(locale, 'errors.required', { field: t(locale, `login.${field}`) }) };
    });
    if (this.captcha.enabled) {
      // One attempt per image: a wrong or missing answer burns it and a new one is shown.
      const ok = await this.captcha.verify(form.captcha_id, form.captcha);
      if (!ok && !form.captcha?.trim())
        errors.push({ field: 'captcha', message: t(locale, 'errors.captchaRequired') });
      else if (!ok) errors.push({ field: 'captcha', message: t(locale, 'errors.captchaWrong') });
    }
    return errors;
  }

  /** A step that is not open (stale form, hand-made URL) goes back to the login page. */
  private async run(it: InteractionView, res: Response, step: () => Promise<SignInNext>) {
    try {
      return await step();
    } catch (e) {
      if (!(e instanceof SignInStepUnknown)) throw e;
      redirect(res, base(it));
      return null;
    }
  }

  private async current(uid: string, req: Request, res: Response): Promise<InteractionView> {
    const it = await this.oidc.interaction(req, res);
    if (it.uid !== uid) throw new InteractionExpired();
    return it;
  }
}
