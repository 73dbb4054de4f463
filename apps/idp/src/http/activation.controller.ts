import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ACTIVATION_OPTIONS,
  ActivationFailed,
  ChooseCredentialsUseCase,
  CompleteActivationUseCase,
  DescribeFlowUseCase,
  FlowExpired,
  ProveIdentityUseCase,
  RegisterContactsUseCase,
  ResendContactCodeUseCase,
  VerifyContactsUseCase,
  type ContactChannel,
  type ResolvedActivationOptions,
} from '#activation';
import { LinkProvenCountyUseCase } from '#county-federation';
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
import {
  ACTIVATION_STEPS,
  activationAccountPage,
  activationContactPage,
  activationDonePage,
  activationIdentityPage,
} from '../pages/activation.page.js';
import {
  ACTIVATION_COOKIE,
  localHref,
  problemMessage,
  rateLimitedMessage,
  readForm,
} from './activation-form.js';
import { ContactCodeStep } from './contact-code.step.js';
import { CountyProofResponder } from './county-proof.responder.js';
import { ChooseCredentialsDto } from './dto/choose-credentials.dto.js';
import { CountyChoiceDto } from './dto/county.dto.js';
import { ProveIdentityDto } from './dto/prove-identity.dto.js';
import { RegisterContactsDto } from './dto/register-contacts.dto.js';
import { ResendCodeDto } from './dto/resend-code.dto.js';
import { VerifyContactsDto } from './dto/verify-contacts.dto.js';
import { authContext } from './request-info.js';

const COOKIE = ACTIVATION_COOKIE;
const BASE = '/activate';

/**
 * 啟用教育雲端帳號, four pages without JavaScript: identity (national ID, birth date, code, or
 * a county trusted for national IDs vouching instead: CountyProofResponder) → account name and
 * password → contacts → codes → done. State lives server-side behind an
 * HttpOnly cookie; every form carries the CSRF field. Thin: each POST calls one use case and
 * maps its domain errors to messages on the same page.
 */
@Controller('activate')
export class ActivationController {
  private readonly codes: ContactCodeStep;

  constructor(
    private readonly csrf: CsrfService,
    private readonly prove: ProveIdentityUseCase,
    private readonly credentials: ChooseCredentialsUseCase,
    private readonly contacts: RegisterContactsUseCase,
    private readonly verify: VerifyContactsUseCase,
    private readonly resend: ResendContactCodeUseCase,
    private readonly complete: CompleteActivationUseCase,
    private readonly describe: DescribeFlowUseCase,
    private readonly policy: PasswordPolicy,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
    private readonly cookies: WebCookies,
    private readonly countyProof: CountyProofResponder,
    private readonly linkCounty: LinkProvenCountyUseCase,
  ) {
    this.codes = new ContactCodeStep({
      kind: 'activation',
      base: BASE,
      steps: ACTIVATION_STEPS,
      csrf,
      verify,
      resend,
      codeTtlSeconds: options.contactCodeTtlSeconds,
      view: (req) => this.describe.activation(this.token(req)),
      token: (req) => this.token(req),
      expired: (req, res) => this.expired(req, res),
      allVerified: (req, res, locale) => this.finish(req, res, locale),
      links: (req, locale) => [
        { href: localHref(req, `${BASE}/contact`), label: t(locale, 'contact.change') },
        { href: localHref(req, BASE), label: t(locale, 'activation.restart') },
      ],
    });
  }

  @Get()
  identity(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const expired = req.query.expired !== undefined;
    return this.identityPage(req, res, locale, 200, {
      notice: expired ? t(locale, 'activation.expired') : undefined,
    });
  }

  @Post()
  async proveIdentity(@Body() form: ProveIdentityDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const { values, errors } = readForm(locale, form);
    const keep = { nationalId: values.national_id, birthDate: values.birth_date };
    if (!this.csrf.valid(req, form.csrf))
      return this.identityPage(req, res, locale, 403, {
        ...keep,
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    if (errors.length) return this.identityPage(req, res, locale, 400, { ...keep, errors });
    try {
      const { token } = await this.prove.execute(
        { nationalId: values.national_id!, birthDate: values.birth_date!, code: values.activation_code! },
        authContext(req),
      );
      this.cookies.set(res, COOKIE, token, { path: BASE, maxAgeSeconds: this.options.flowTtlSeconds });
      return res.redirect(303, localHref(req, `${BASE}/account`));
    } catch (e) {
      if (e instanceof ValidationFailed)
        return this.identityPage(req, res, locale, 400, {
          ...keep,
          errors: this.messages(locale, e, values),
        });
      if (e instanceof ActivationFailed)
        return this.identityPage(req, res, locale, 400, {
          ...keep,
          errors: [{ message: t(locale, 'activation.failed') }],
        });
      if (e instanceof TooManyAttempts) {
        if (e.retryAfterSeconds) res.setHeader('Retry-After', String(e.retryAfterSeconds));
        return this.identityPage(req, res, locale, 429, {
          ...keep,
          errors: [{ message: rateLimitedMessage(locale, e) }],
        });
      }
      throw e;
    }
  }

  /** 使用縣市帳號證明身分: to the county; its answer comes back at /cncreturnpage. */
  @Post('county')
  proveThroughCounty(@Body() form: CountyChoiceDto, @Req() req: Request, @Res() res: Response) {
    return this.countyProof.begin('activation', form, req, res);
  }

  @Get('account')
  async account(@Req() req: Request, @Res() res: Response) {
    const view = await this.describe.activation(this.token(req));
    if (!view || view.step === 'done') return this.expired(req, res);
    return this.accountPage(
      req,
      res,
      requestLocale(req),
      200,
      { username: view.username ?? undefined },
      view.name,
    );
  }

  @Post('account')
  async chooseCredentials(@Body() form: ChooseCredentialsDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const view = await this.describe.activation(this.token(req));
    if (!view || view.step === 'done') return this.expired(req, res);
    const { values, errors } = readForm(locale, form);
    if (!this.csrf.valid(req, form.csrf))
      return this.accountPage(
        req,
        res,
        locale,
        403,
        { username: values.username, errors: [{ message: t(locale, 'activation.form.csrf') }] },
        view.name,
      );
    if (errors.length)
      return this.accountPage(req, res, locale, 400, { username: values.username, errors }, view.name);
    try {
      await this.credentials.execute({
        token: this.token(req),
        username: values.username!,
        password: values.password!,
        passwordConfirm: values.password_confirm!,
      });
      return res.redirect(303, localHref(req, view.step === 'verify' ? `${BASE}/verify` : `${BASE}/contact`));
    } catch (e) {
      if (e instanceof ValidationFailed)
        return this.accountPage(
          req,
          res,
          locale,
          400,
          { username: values.username, errors: this.messages(locale, e, values) },
          view.name,
        );
      if (e instanceof FlowExpired) return this.expired(req, res);
      throw e;
    }
  }

  @Get('contact')
  async contact(@Req() req: Request, @Res() res: Response) {
    const view = await this.describe.activation(this.token(req));
    if (!view || view.step === 'done') return this.expired(req, res);
    if (view.step === 'credentials') return res.redirect(303, localHref(req, `${BASE}/account`));
    const current = (c: ContactChannel) => view.contacts.find((x) => x.channel === c)?.value;
    return this.contactPage(req, res, requestLocale(req), 200, {
      email: current('email') ?? view.knownEmail ?? undefined,
      phone: current('phone') ?? view.knownPhone ?? undefined,
    });
  }

  @Post('contact')
  async registerContacts(@Body() form: RegisterContactsDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const { values, errors } = readForm(locale, form);
    const keep = { email: values.email, phone: values.phone };
    if (!this.csrf.valid(req, form.csrf))
      return this.contactPage(req, res, locale, 403, {
        ...keep,
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    if (errors.length) return this.contactPage(req, res, locale, 400, { ...keep, errors });
    try {
      const r = await this.contacts.execute({
        token: this.token(req),
        email: values.email!,
        phone: values.phone!,
        locale,
      });
      if (r.allVerified) return await this.finish(req, res, locale);
      return res.redirect(303, localHref(req, `${BASE}/verify`));
    } catch (e) {
      if (e instanceof ValidationFailed)
        return this.contactPage(req, res, locale, 400, { ...keep, errors: this.messages(locale, e, values) });
      if (e instanceof TooManyAttempts) {
        if (e.retryAfterSeconds) res.setHeader('Retry-After', String(e.retryAfterSeconds));
        return this.contactPage(req, res, locale, 429, {
          ...keep,
          errors: [{ message: t(locale, 'contact.sendLimited') }],
        });
      }
      if (e instanceof FlowExpired) return this.expired(req, res);
      throw e;
    }
  }

  @Get('verify')
  async verifyPage(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const view = await this.describe.activation(this.token(req));
    if (!view || view.step === 'done') return this.expired(req, res);
    if (view.step !== 'verify') return res.redirect(303, localHref(req, `${BASE}/contact`));
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
    const view = await this.describe.activation(this.token(req));
    if (!view || view.step !== 'done' || !view.username) return this.expired(req, res);
    return sendPage(
      res,
      200,
      activationDonePage({
        locale,
        username: `${view.username}@mail.edu.tw`,
        switchLocaleHref: localeSwitchHref(`${BASE}/done`, locale),
      }),
    );
  }

  /** All contacts verified: activate, or explain why not on the page that can fix it. */
  private async finish(req: Request, res: Response, locale: Locale) {
    try {
      const done = await this.complete.execute({ token: this.token(req) }, authContext(req));
      // A county vouched for the identity: its identity is linked to the account now active.
      if (done.link) await this.linkCounty.execute(done.link, authContext(req));
      return res.redirect(303, localHref(req, `${BASE}/done`));
    } catch (e) {
      if (e instanceof ValidationFailed)
        return res.redirect(303, localHref(req, `${BASE}/account`, { taken: '1' }));
      if (e instanceof ActivationFailed) {
        this.cookies.clear(res, COOKIE, { path: BASE });
        return this.identityPage(req, res, locale, 400, {
          errors: [{ message: t(locale, 'activation.failed') }],
        });
      }
      if (e instanceof FlowExpired) return this.expired(req, res);
      throw e;
    }
  }

  private token(req: Request): string | undefined {
    return readCookie(req, COOKIE);
  }

  private expired(req: Request, res: Response) {
    this.cookies.clear(res, COOKIE, { path: BASE });
    return res.redirect(303, localHref(req, BASE, { expired: '1' }));
  }

  private messages(locale: Locale, e: ValidationFailed, values: Record<string, string>): FormError[] {
    return e.problems.map((p) => problemMessage(locale, p, values, this.policy.minLength));
  }

  private async identityPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: { nationalId?: string; birthDate?: string; errors?: FormError[]; notice?: string },
  ) {
    const { countyProof, origins } = await this.countyProof.section('activation', req, res);
    return sendPage(
      res,
      status,
      activationIdentityPage({
        locale,
        action: localHref(req, BASE),
        csrf: this.csrf.token(req, res),
        applyHref: localHref(req, '/apply'),
        switchLocaleHref: localeSwitchHref(BASE, locale),
        countyProof,
        ...m,
      }),
      // The county buttons' form is redirected to the county: form-action must allow it.
      { formTargets: origins },
    );
  }

  private accountPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: { username?: string; errors?: FormError[] },
    name: string,
  ) {
    const errors = [...(m.errors ?? [])];
    if (req.query.taken !== undefined && req.method === 'GET')
      errors.push({ field: 'username', message: t(locale, 'activation.usernameTaken') });
    return sendPage(
      res,
      status,
      activationAccountPage({
        locale,
        action: localHref(req, `${BASE}/account`),
        csrf: this.csrf.token(req, res),
        name,
        username: m.username,
        errors,
        passwordMinLength: this.policy.minLength,
        restartHref: localHref(req, BASE),
        switchLocaleHref: localeSwitchHref(`${BASE}/account`, locale),
      }),
    );
  }

  private contactPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: { email?: string; phone?: string; errors?: FormError[] },
  ) {
    return sendPage(
      res,
      status,
      activationContactPage({
        locale,
        action: localHref(req, `${BASE}/contact`),
        csrf: this.csrf.token(req, res),
        restartHref: localHref(req, BASE),
        switchLocaleHref: localeSwitchHref(`${BASE}/contact`, locale),
        ...m,
      }),
    );
  }
}
