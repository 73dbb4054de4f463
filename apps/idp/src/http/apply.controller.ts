import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ACTIVATION_OPTIONS,
  DescribeFlowUseCase,
  ResendContactCodeUseCase,
  StartApplicationUseCase,
  SubmitApplicationUseCase,
  VerifyContactsUseCase,
  type ResolvedActivationOptions,
} from '#activation';
import { PasswordPolicy, TooManyAttempts, ValidationFailed } from '#identity-core';
import {
  CsrfService,
  localeSwitchHref,
  readCookie,
  requestLocale,
  sendPage,
  WebCookies,
  type FormError,
  type Locale,
} from '#web';
import { t } from '../i18n/index.js';
import { APPLY_STEPS, applyDonePage, applyPage } from '../pages/apply.page.js';
import { localHref, problemMessage, rateLimitedMessage, readForm } from './activation-form.js';
import { ContactCodeStep } from './contact-code.step.js';
import { CountyProofResponder } from './county-proof.responder.js';
import { ApplyDto } from './dto/apply.dto.js';
import { CountyChoiceDto } from './dto/county.dto.js';
import { ResendCodeDto } from './dto/resend-code.dto.js';
import { VerifyContactsDto } from './dto/verify-contacts.dto.js';
import { authContext } from './request-info.js';

const COOKIE = 'edu_apply';
const BASE = '/apply';
/**
 * 申請教育雲端帳號: the form, then the email and SMS codes, then "received". Whether the national
 * ID already has an account or an application is never looked at here: every valid form takes
 * the same path and gets the same pages; the helpdesk sorts duplicates out and mails the person.
 * Or a county trusted for national IDs vouches for the applicant (CountyProofResponder): approved
 * at once, on to the activation's steps.
 */
@Controller('apply')
export class ApplyController {
  private readonly codes: ContactCodeStep;

  constructor(
    private readonly csrf: CsrfService,
    private readonly start: StartApplicationUseCase,
    private readonly verify: VerifyContactsUseCase,
    private readonly resend: ResendContactCodeUseCase,
    private readonly submit: SubmitApplicationUseCase,
    private readonly describe: DescribeFlowUseCase,
    private readonly policy: PasswordPolicy,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
    private readonly cookies: WebCookies,
    private readonly countyProof: CountyProofResponder,
  ) {
    this.codes = new ContactCodeStep({
      kind: 'apply',
      base: BASE,
      steps: APPLY_STEPS,
      csrf,
      verify,
      resend,
      codeTtlSeconds: options.contactCodeTtlSeconds,
      view: (req) => this.describe.apply(this.token(req)),
      token: (req) => this.token(req),
      expired: (req, res) => this.expired(req, res),
      allVerified: async (req, res) => {
        await this.submit.execute({ token: this.token(req) });
        return res.redirect(303, localHref(req, `${BASE}/done`));
      },
      links: (req, locale) => [{ href: localHref(req, BASE), label: t(locale, 'activation.restart') }],
    });
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
  async startApplication(@Body() form: ApplyDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const { values, errors } = readForm(locale, form);
    if (!this.csrf.valid(req, form.csrf))
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
      this.cookies.set(res, COOKIE, token, { path: BASE, maxAgeSeconds: this.options.flowTtlSeconds });
      return res.redirect(303, localHref(req, `${BASE}/verify`));
    } catch (e) {
      if (e instanceof ValidationFailed)
        return this.formPage(req, res, locale, 400, {
          values,
          errors: e.problems.map((p) => problemMessage(locale, p, values, this.policy.minLength)),
        });
      if (e instanceof TooManyAttempts) {
        if (e.retryAfterSeconds) res.setHeader('Retry-After', String(e.retryAfterSeconds));
        return this.formPage(req, res, locale, 429, {
          values,
          errors: [{ message: rateLimitedMessage(locale, e) }],
        });
      }
      throw e;
    }
  }

  /** 使用縣市帳號證明身分: to the county; its answer comes back at /cncreturnpage. */
  @Post('county')
  applyThroughCounty(@Body() form: CountyChoiceDto, @Req() req: Request, @Res() res: Response) {
    return this.countyProof.begin('apply', form, req, res);
  }

  @Get('verify')
  async verifyPage(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const view = await this.describe.apply(this.token(req));
    if (!view || view.step !== 'verify') return this.expired(req, res);
    return this.codes.page(req, res, locale, 200, view.contacts, {
      notice: req.query.sent !== undefined ? t(locale, 'contact.resent') : undefined,
    });
  }

  @Post('verify')
  verifyCodes(@Body() form: VerifyContactsDto, @Req() req: Request, @Res() res: Response) {
    return this.codes.verifyCodes(form, req, res);
  }

  @Post('resend')
  resendCode(@Body() form: ResendCodeDto, @Req() req: Request, @Res() res: Response) {
    return this.codes.resendCode(form, req, res);
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
    this.cookies.clear(res, COOKIE, { path: BASE });
    return res.redirect(303, localHref(req, BASE, { expired: '1' }));
  }

  private async formPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: { values?: Record<string, string>; errors?: FormError[]; notice?: string },
  ) {
    const v = m.values ?? {};
    const { countyProof, origins } = await this.countyProof.section('apply', req, res);
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
        countyProof,
      }),
      // The county buttons' form is redirected to the county: form-action must allow it.
      { formTargets: origins },
    );
  }
}
