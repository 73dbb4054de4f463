import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TooManyAttempts, ValidationFailed } from '#identity-core';
import { RemindUsernameUseCase } from '#password-reset';
import { CsrfService, otherLocale, requestLocale, sendPage, type FormError, type Locale } from '#web';
import { CaptchaService } from '../captcha/captcha.service.js';
import { t } from '../i18n/index.js';
import { forgotUsernamePage, forgotUsernameSentPage } from '../pages/password-reset-username.page.js';
import {
  captchaPassed,
  issueCaptcha,
  localized,
  rateLimitedError,
  returnTo,
} from './password-reset.responses.js';
import { ForgotUsernameDto } from './dto/forgot-username.dto.js';
import { authContext } from './request-info.js';

const MESSAGES: Record<string, Record<string, Parameters<typeof t>[1]>> = {
  nationalId: {
    required: 'forgot.error.nationalIdRequired',
    too_long: 'forgot.error.nationalIdTooLong',
    national_id_invalid: 'forgot.error.nationalIdInvalid',
  },
  birthDate: { required: 'forgot.error.birthDateRequired', format: 'forgot.error.birthDateFormat' },
};

/** 忘記教育雲端帳號: national ID + birth date → the username, sent to the verified channels only. */
@Controller('forgot/username')
export class ForgotUsernameController {
  constructor(
    private readonly remind: RemindUsernameUseCase,
    private readonly csrf: CsrfService,
    private readonly captcha: CaptchaService,
  ) {}

  @Get()
  async form(@Query('return') back: unknown, @Req() req: Request, @Res() res: Response) {
    return this.formPage(req, res, requestLocale(req), 200, { returnTo: returnTo(back) });
  }

  @Post()
  async submit(@Body() form: ForgotUsernameDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const back = returnTo(form.return);
    const { nationalId, birthDate } = form;
    const keep = { returnTo: back, nationalId: nationalId.slice(0, 64), birthDate: birthDate.slice(0, 64) };
    if (!this.csrf.valid(req, form.csrf))
      return this.formPage(req, res, locale, 403, {
        ...keep,
        errors: [{ message: t(locale, 'forgot.error.csrf') }],
      });
    if (!(await captchaPassed(this.captcha, form)))
      return this.formPage(req, res, locale, 400, {
        ...keep,
        errors: [{ field: 'captcha', message: t(locale, 'errors.captchaWrong') }],
      });
    try {
      await this.remind.execute({ nationalId, birthDate, locale, ctx: authContext(req) });
    } catch (e) {
      if (e instanceof ValidationFailed)
        return this.formPage(req, res, locale, 400, {
          ...keep,
          errors: e.problems.map((p) => ({
            field: p.field,
            message: t(locale, MESSAGES[p.field]?.[p.code] ?? 'forgot.error.birthDateFormat'),
          })),
        });
      if (e instanceof TooManyAttempts)
        return this.formPage(
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
      throw e;
    }
    return sendPage(
      res,
      200,
      forgotUsernameSentPage({
        locale,
        passwordHref: localized('/forgot', locale, back),
        returnTo: back,
        switchLocaleHref: localized('/forgot/username', otherLocale(locale), back),
      }),
    );
  }

  private async formPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: { returnTo?: string; nationalId?: string; birthDate?: string; errors?: FormError[] },
    retryAfterSeconds?: number,
  ) {
    const captcha = await issueCaptcha(this.captcha, localized('/forgot/username', locale, m.returnTo));
    sendPage(
      res,
      status,
      forgotUsernamePage({
        locale,
        action: localized('/forgot/username', locale),
        csrf: this.csrf.token(req, res),
        nationalId: m.nationalId,
        birthDate: m.birthDate,
        errors: m.errors,
        captcha,
        returnTo: m.returnTo,
        passwordHref: localized('/forgot', locale, m.returnTo),
        switchLocaleHref: localized('/forgot/username', otherLocale(locale), m.returnTo),
      }),
      { retryAfterSeconds },
    );
  }
}
