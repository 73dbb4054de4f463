import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, PasswordPolicy, TooManyAttempts, ValidationFailed } from '#identity-core';
import {
  CheckResetTicketUseCase,
  CompleteResetUseCase,
  FindResetChannelsUseCase,
  MAX_IDENTIFIER,
  ResetFlowExpired,
  ResetLinkUnusable,
  ResetSecondFactorRequired,
  SendResetUseCase,
  VerifyResetCodeUseCase,
} from '#password-reset';
import { CsrfService, otherLocale, requestLocale, sendPage, type FormError, type Locale } from '#web';
import { CaptchaService } from '../captcha/captcha.service.js';
import { t } from '../i18n/index.js';
import { resetDonePage, resetPasswordPage, resetProblemPage } from '../pages/password-reset-password.page.js';
import {
  forgotChannelsPage,
  forgotCodePage,
  forgotEmailSentPage,
  forgotStartPage,
} from '../pages/password-reset.page.js';
import {
  captchaPassed,
  codeProblem,
  identifierMessage,
  issueCaptcha,
  localized,
  passwordMessages,
  rateLimitedError,
  returnTo,
} from './password-reset.responses.js';
import { ForgotPasswordDto } from './dto/forgot-password.dto.js';
import { NewPasswordDto } from './dto/new-password.dto.js';
import { ResetCodeDto } from './dto/reset-code.dto.js';
import { SendResetDto } from './dto/send-reset.dto.js';
import { authContext } from './request-info.js';

/**
 * 忘記教育雲端密碼: /forgot (identifier) → channel → email sent, or code → new password → done;
 * the email link opens /forgot/reset. Every step runs one use case of libs/password-reset and
 * turns its domain errors into a message on the same page; no input leads to a 500.
 */
@Controller('forgot')
export class PasswordResetController {
  constructor(
    private readonly findChannels: FindResetChannelsUseCase,
    private readonly sendReset: SendResetUseCase,
    private readonly verifyCode: VerifyResetCodeUseCase,
    private readonly checkTicket: CheckResetTicketUseCase,
    private readonly completeReset: CompleteResetUseCase,
    private readonly policy: PasswordPolicy,
    private readonly csrf: CsrfService,
    private readonly captcha: CaptchaService,
  ) {}

  @Get()
  async start(@Query('return') back: unknown, @Req() req: Request, @Res() res: Response) {
    return this.startPage(req, res, requestLocale(req), 200, { returnTo: returnTo(back) });
  }

  @Post()
  async lookup(@Body() form: ForgotPasswordDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const back = returnTo(form.return);
    const { identifier } = form;
    const keep = { returnTo: back, identifier: identifier.slice(0, MAX_IDENTIFIER * 2) };
    if (!this.csrf.valid(req, form.csrf))
      return this.startPage(req, res, locale, 403, {
        ...keep,
        errors: [{ message: t(locale, 'forgot.error.csrf') }],
      });
    if (!(await captchaPassed(this.captcha, form)))
      return this.startPage(req, res, locale, 400, {
        ...keep,
        errors: [{ field: 'captcha', message: t(locale, 'errors.captchaWrong') }],
      });
    try {
      const choices = await this.findChannels.execute({ identifier, ctx: authContext(req) });
      return sendPage(
        res,
        200,
        forgotChannelsPage({
          locale,
          action: localized('/forgot/send', locale),
          csrf: this.csrf.token(req, res),
          flow: choices.flow,
          channels: choices.channels,
          returnTo: back,
          restartHref: localized('/forgot', locale, back),
          switchLocaleHref: localized('/forgot', otherLocale(locale), back),
        }),
      );
    } catch (e) {
      if (e instanceof ValidationFailed)
        return this.startPage(req, res, locale, 400, {
          ...keep,
          errors: e.problems.map((p) => ({
            field: 'identifier',
            message: identifierMessage(locale, p.code),
          })),
        });
      if (e instanceof TooManyAttempts) return this.rateLimited(req, res, locale, e, keep);
      throw e;
    }
  }

  @Post('send')
  async send(@Body() form: SendResetDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const back = returnTo(form.return);
    if (!this.csrf.valid(req, form.csrf))
      return this.startPage(req, res, locale, 403, {
        returnTo: back,
        errors: [{ message: t(locale, 'forgot.error.csrf') }],
      });
    try {
      const sent = await this.sendReset.execute({
        flow: form.flow,
        channel: form.channel,
        locale,
        ctx: authContext(req),
      });
      if (!('ticket' in sent))
        return sendPage(
          res,
          200,
          forgotEmailSentPage({
            locale,
            masked: sent.channel.masked,
            minutes: sent.expiresMinutes,
            restartHref: localized('/forgot', locale, back),
            returnTo: back,
            switchLocaleHref: localized('/forgot', otherLocale(locale), back),
          }),
        );
      return this.codePage(req, res, locale, 200, {
        ticket: sent.ticket,
        masked: sent.channel.masked,
        minutes: sent.expiresMinutes,
        flow: form.flow,
        returnTo: back,
      });
    } catch (e) {
      if (e instanceof ResetFlowExpired)
        return this.startPage(req, res, locale, 400, {
          returnTo: back,
          errors: [{ message: t(locale, 'forgot.error.expired') }],
        });
      if (e instanceof ValidationFailed)
        return this.startPage(req, res, locale, 400, {
          returnTo: back,
          errors: [{ message: t(locale, 'forgot.error.channelRequired') }],
        });
      if (e instanceof TooManyAttempts) return this.rateLimited(req, res, locale, e, { returnTo: back });
      throw e;
    }
  }

  @Post('code')
  async code(@Body() form: ResetCodeDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const back = returnTo(form.return);
    const { ticket } = form;
    const view = {
      ticket,
      masked: form.to.slice(0, 32),
      minutes: /^\d{1,2}$/.test(form.minutes) ? Number(form.minutes) : 10,
      flow: form.flow,
      returnTo: back,
    };
    if (!this.csrf.valid(req, form.csrf))
      return this.codePage(req, res, locale, 403, {
        ...view,
        errors: [{ message: t(locale, 'forgot.error.csrf') }],
      });
    let next: string;
    try {
      next = (await this.verifyCode.execute({ ticket, code: form.code, ctx: authContext(req) })).ticket;
    } catch (e) {
      const problem = codeProblem(locale, e);
      if (!problem) throw e;
      if (problem.restart)
        return this.startPage(req, res, locale, 400, {
          returnTo: back,
          errors: [{ message: problem.message }],
        });
      return this.codePage(
        req,
        res,
        locale,
        problem.status,
        { ...view, errors: [{ field: problem.field, message: problem.message }] },
        problem.retryAfterSeconds,
      );
    }
    return this.passwordPage(req, res, locale, 200, { ticket: next, returnTo: back });
  }

  /** The link from the email. Opening it uses nothing up (mail scanners open links too). */
  @Get('reset')
  async link(@Query('token') token: unknown, @Req() req: Request, @Res() res: Response) {
    return this.passwordPage(req, res, requestLocale(req), 200, {
      ticket: typeof token === 'string' ? token : '',
    });
  }

  @Post('password')
  async password(@Body() form: NewPasswordDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const back = returnTo(form.return);
    const { ticket, password } = form;
    const errors: FormError[] = [];
    // Only the first problem is shown: password missing, then confirmation missing, then different.
    const problem = form.problems[0];
    if (!this.csrf.valid(req, form.csrf)) errors.push({ message: t(locale, 'forgot.error.csrf') });
    else if (problem)
      errors.push({
        field: problem.field,
        message: t(
          locale,
          problem.field === 'password'
            ? 'reset.error.passwordRequired'
            : problem.code === 'required'
              ? 'reset.error.confirmRequired'
              : 'reset.error.mismatch',
        ),
      });
    if (errors.length)
      return this.passwordPage(req, res, locale, errors[0]!.field ? 400 : 403, {
        ticket,
        returnTo: back,
        errors,
      });
    try {
      await this.completeReset.execute({ ticket, password, ctx: authContext(req) });
    } catch (e) {
      if (e instanceof ValidationFailed)
        return this.passwordPage(req, res, locale, 400, {
          ticket,
          returnTo: back,
          errors: passwordMessages(locale, e, this.policy),
        });
      if (e instanceof ResetLinkUnusable || e instanceof ResetSecondFactorRequired)
        return this.problemPage(req, res, locale, e, back);
      throw e;
    }
    return sendPage(
      res,
      200,
      resetDonePage({ locale, returnTo: back, switchLocaleHref: localized('/forgot', otherLocale(locale)) }),
    );
  }

  private rateLimited(
    req: Request,
    res: Response,
    locale: Locale,
    e: TooManyAttempts,
    keep: { returnTo?: string; identifier?: string },
  ) {
    return this.startPage(
      req,
      res,
      locale,
      429,
      {
        ...keep,
        // Request limits always say how long.
        errors: [rateLimitedError(locale, e.retryAfterSeconds ?? 60)],
      },
      e.retryAfterSeconds ?? 60,
    );
  }

  private async startPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: { returnTo?: string; identifier?: string; errors?: FormError[] },
    retryAfterSeconds?: number,
  ) {
    const captcha = await issueCaptcha(this.captcha, localized('/forgot', locale, m.returnTo));
    sendPage(
      res,
      status,
      forgotStartPage({
        locale,
        action: localized('/forgot', locale),
        csrf: this.csrf.token(req, res),
        identifier: m.identifier,
        errors: m.errors,
        captcha,
        returnTo: m.returnTo,
        usernameHref: localized('/forgot/username', locale, m.returnTo),
        switchLocaleHref: localized('/forgot', otherLocale(locale), m.returnTo),
      }),
      { retryAfterSeconds },
    );
  }

  private codePage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: {
      ticket: string;
      masked: string;
      minutes: number;
      flow: string;
      returnTo?: string;
      errors?: FormError[];
    },
    retryAfterSeconds?: number,
  ) {
    const page = forgotCodePage({
      locale,
      action: localized('/forgot/code', locale),
      csrf: this.csrf.token(req, res),
      ticket: m.ticket,
      masked: m.masked,
      minutes: m.minutes,
      resend: m.flow ? { action: localized('/forgot/send', locale), flow: m.flow } : undefined,
      errors: m.errors,
      returnTo: m.returnTo,
      restartHref: localized('/forgot', locale, m.returnTo),
      switchLocaleHref: localized('/forgot', otherLocale(locale), m.returnTo),
    });
    sendPage(res, status, page, { retryAfterSeconds });
  }

  /** The new-password form, or the page explaining why the link or ticket cannot be used. */
  private async passwordPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: { ticket: string; returnTo?: string; errors?: FormError[] },
  ) {
    let username: string;
    try {
      ({ username } = await this.checkTicket.execute({ ticket: m.ticket }));
    } catch (e) {
      if (e instanceof ResetLinkUnusable) return this.problemPage(req, res, locale, e, m.returnTo);
      throw e;
    }
    sendPage(
      res,
      status,
      resetPasswordPage({
        locale,
        action: localized('/forgot/password', locale),
        csrf: this.csrf.token(req, res),
        ticket: m.ticket,
        username,
        minLength: this.policy.minLength,
        errors: m.errors,
        returnTo: m.returnTo,
        switchLocaleHref: m.errors?.length
          ? localized('/forgot', otherLocale(locale))
          : `/forgot/reset?${new URLSearchParams({ token: m.ticket, ui_locales: otherLocale(locale) })}`,
      }),
    );
  }

  private problemPage(req: Request, res: Response, locale: Locale, e: DomainError, back?: string) {
    const [title, message] =
      e instanceof ResetSecondFactorRequired
        ? [t(locale, 'reset.secondFactorTitle'), t(locale, 'reset.secondFactor')]
        : e instanceof ResetLinkUnusable && e.problem === 'expired'
          ? [t(locale, 'reset.link.expiredTitle'), t(locale, 'reset.link.expired')]
          : e instanceof ResetLinkUnusable && e.problem === 'used'
            ? [t(locale, 'reset.link.usedTitle'), t(locale, 'reset.link.used')]
            : [t(locale, 'reset.link.invalidTitle'), t(locale, 'reset.link.invalid')];
    sendPage(
      res,
      e instanceof ResetSecondFactorRequired ? 403 : 400,
      resetProblemPage({
        locale,
        title,
        message,
        restartHref: localized('/forgot', locale, back),
        switchLocaleHref: localized('/forgot', otherLocale(locale), back),
      }),
    );
  }
}
