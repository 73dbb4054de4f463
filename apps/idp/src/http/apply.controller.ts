import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ACTIVATION_OPTIONS,
  DescribeFlowUseCase,
  FlowExpired,
  RateLimited,
  ResendContactCodeUseCase,
  StartApplicationUseCase,
  SubmitApplicationUseCase,
  VerifyContactsUseCase,
  type ContactChannel,
  type ResolvedActivationOptions,
} from '#activation';
import { PasswordPolicy, ValidationFailed } from '#identity-core';
import { APP_CONFIG, type AppConfig } from '#platform';
import { localeSwitchHref, t, type Locale } from '../i18n/index.js';
import type { FormError } from '../pages/activation-form.page.js';
import { contactVerifyPage } from '../pages/activation-verify.page.js';
import { APPLY_STEPS, applyDonePage, applyPage } from '../pages/apply.page.js';
import {
  channelOf,
  clearFlowCookie,
  codeErrors,
  localHref,
  problemMessage,
  rateLimitedMessage,
  readForm,
  sendPage,
  setFlowCookie,
} from './activation-form.js';
import { CsrfService, readCookie } from './csrf.js';
import { authContext, requestLocale } from './request-info.js';

type Form = Record<string, unknown>;

const COOKIE = 'edu_apply';
const BASE = '/apply';
const FIELDS = ['national_id', 'name', 'birth_date', 'email', 'phone'];

/**
 * 申請教育雲端帳號: the form, then the email and SMS codes, then "received". Whether the national
 * ID already has an account or an application is never looked at here: every valid form takes
 * the same path and gets the same pages; the helpdesk sorts duplicates out and mails the person.
 */
@Controller('apply')
export class ApplyController {
  private readonly secure: boolean;

  constructor(
    private readonly csrf: CsrfService,
    private readonly start: StartApplicationUseCase,
    private readonly verify: VerifyContactsUseCase,
    private readonly resend: ResendContactCodeUseCase,
    private readonly submit: SubmitApplicationUseCase,
    private readonly describe: DescribeFlowUseCase,
    private readonly policy: PasswordPolicy,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secure = config.issuer.startsWith('https:');
  }

  @Get()
  form(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const expired = req.query.expired !== undefined;
    return this.formPage(req, res, locale, 200, {
      notice: expired ? t(locale, 'apply.expired') : undefined,
    });
  }

  @Post()
  async startApplication(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const { values, errors } = readForm(locale, body, FIELDS);
    if (!this.csrf.valid(req, (body as Form | undefined)?.csrf))
      return this.formPage(req, res, locale, 403, {
        values,
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    if (errors.length) return this.formPage(req, res, locale, 400, { values, errors });
    try {
      const { token } = await this.start.execute(
        {
          nationalId: values.national_id!,
          name: values.name!,
          birthDate: values.birth_date!,
          email: values.email!,
          phone: values.phone!,
          locale,
        },
        authContext(req),
      );
      setFlowCookie(res, COOKIE, BASE, token, this.options.flowTtlSeconds, this.secure);
      return res.redirect(303, localHref(req, `${BASE}/verify`));
    } catch (e) {
      if (e instanceof ValidationFailed)
        return this.formPage(req, res, locale, 400, {
          values,
          errors: e.problems.map((p) => problemMessage(locale, p, values, this.policy.minLength)),
        });
      if (e instanceof RateLimited) {
        if (e.retryAfterSeconds) res.setHeader('Retry-After', String(e.retryAfterSeconds));
        return this.formPage(req, res, locale, 429, {
          values,
          errors: [{ message: rateLimitedMessage(locale, e) }],
        });
      }
      throw e;
    }
  }

  @Get('verify')
  async verifyPage(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const view = await this.describe.apply(this.token(req));
    if (!view || view.step !== 'verify') return this.expired(req, res);
    return this.codesPage(req, res, locale, 200, view.contacts, {
      notice: req.query.sent !== undefined ? t(locale, 'contact.resent') : undefined,
    });
  }

  @Post('verify')
  async verifyCodes(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const view = await this.describe.apply(this.token(req));
    if (!view || view.step !== 'verify') return this.expired(req, res);
    const { values, errors } = readForm(locale, body, ['email_code', 'phone_code']);
    if (!this.csrf.valid(req, (body as Form | undefined)?.csrf))
      return this.codesPage(req, res, locale, 403, view.contacts, {
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    if (errors.length) return this.codesPage(req, res, locale, 400, view.contacts, { errors });
    try {
      const r = await this.verify.execute({
        kind: 'apply',
        token: this.token(req),
        codes: { email: values.email_code, phone: values.phone_code },
      });
      if (r.allVerified) {
        await this.submit.execute({ token: this.token(req) });
        return res.redirect(303, localHref(req, `${BASE}/done`));
      }
      const after = await this.describe.apply(this.token(req));
      const contacts = after?.contacts ?? view.contacts;
      const pending = contacts.filter((c) => !c.verified).map((c) => c.channel);
      return this.codesPage(req, res, locale, 400, contacts, {
        errors: codeErrors(locale, r.results, pending, values),
      });
    } catch (e) {
      if (e instanceof FlowExpired) return this.expired(req, res);
      throw e;
    }
  }

  @Post('resend')
  async resendCode(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const view = await this.describe.apply(this.token(req));
    if (!view || view.step !== 'verify') return this.expired(req, res);
    const form = (body ?? {}) as Form;
    const channel = channelOf(form.channel);
    if (!this.csrf.valid(req, form.csrf) || !channel)
      return this.codesPage(req, res, locale, 403, view.contacts, {
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    try {
      await this.resend.execute({ kind: 'apply', token: this.token(req), channel, locale });
      return res.redirect(303, localHref(req, `${BASE}/verify`, { sent: channel }));
    } catch (e) {
      if (e instanceof RateLimited) {
        if (e.retryAfterSeconds) res.setHeader('Retry-After', String(e.retryAfterSeconds));
        return this.codesPage(req, res, locale, 429, view.contacts, {
          errors: [{ message: t(locale, 'contact.sendLimited') }],
        });
      }
      if (e instanceof FlowExpired) return this.expired(req, res);
      throw e;
    }
  }

  @Get('done')
  async done(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const view = await this.describe.apply(this.token(req));
    if (!view || view.step !== 'done') return this.expired(req, res);
    return sendPage(
      res,
      200,
      applyDonePage({ locale, switchLocaleHref: localeSwitchHref(`${BASE}/done`, locale) }),
    );
  }

  private token(req: Request): string | undefined {
    return readCookie(req, COOKIE);
  }

  private expired(req: Request, res: Response) {
    clearFlowCookie(res, COOKIE, BASE, this.secure);
    return res.redirect(303, localHref(req, BASE, { expired: '1' }));
  }

  private formPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: { values?: Record<string, string>; errors?: FormError[]; notice?: string },
  ) {
    const v = m.values ?? {};
    return sendPage(
      res,
      status,
      applyPage({
        locale,
        action: localHref(req, BASE),
        csrf: this.csrf.token(req, res),
        values: {
          nationalId: v.national_id,
          name: v.name,
          birthDate: v.birth_date,
          email: v.email,
          phone: v.phone,
        },
        errors: m.errors,
        notice: m.notice,
        activateHref: localHref(req, '/activate'),
        switchLocaleHref: localeSwitchHref(BASE, locale),
      }),
    );
  }

  private codesPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    contacts: { channel: ContactChannel; value: string; verified: boolean }[],
    m: { errors?: FormError[]; notice?: string },
  ) {
    return sendPage(
      res,
      status,
      contactVerifyPage({
        locale,
        step: { n: APPLY_STEPS, total: APPLY_STEPS },
        action: localHref(req, `${BASE}/verify`),
        resendAction: localHref(req, `${BASE}/resend`),
        csrf: this.csrf.token(req, res),
        contacts,
        minutes: Math.round(this.options.contactCodeTtlSeconds / 60),
        links: [{ href: localHref(req, BASE), label: t(locale, 'activation.restart') }],
        switchLocaleHref: localeSwitchHref(`${BASE}/verify`, locale),
        ...m,
      }),
    );
  }
}
