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
  RateLimited,
  RegisterContactsUseCase,
  ResendContactCodeUseCase,
  VerifyContactsUseCase,
  type ContactChannel,
  type ResolvedActivationOptions,
} from '#activation';
import { PasswordPolicy, ValidationFailed } from '#identity-core';
import { APP_CONFIG, type AppConfig } from '#platform';
import { localeSwitchHref, t, type Locale } from '../i18n/index.js';
import type { FormError } from '../pages/activation-form.page.js';
import { contactVerifyPage } from '../pages/activation-verify.page.js';
import {
  ACTIVATION_STEPS,
  activationAccountPage,
  activationContactPage,
  activationDonePage,
  activationIdentityPage,
} from '../pages/activation.page.js';
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

const COOKIE = 'edu_activation';
const BASE = '/activate';

/**
 * 啟用教育雲端帳號, four pages without JavaScript: identity (national ID, birth date, code) →
 * account name and password → contacts → codes → done. State lives server-side behind an
 * HttpOnly cookie; every form carries the CSRF field. Thin: each POST calls one use case and
 * maps its domain errors to messages on the same page.
 */
@Controller('activate')
export class ActivationController {
  private readonly secure: boolean;

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
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secure = config.issuer.startsWith('https:');
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
  async proveIdentity(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const { values, errors } = readForm(locale, body, ['national_id', 'birth_date', 'activation_code']);
    const keep = { nationalId: values.national_id, birthDate: values.birth_date };
    if (!this.csrf.valid(req, (body as Form | undefined)?.csrf))
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
      setFlowCookie(res, COOKIE, BASE, token, this.options.flowTtlSeconds, this.secure);
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
      if (e instanceof RateLimited) {
        if (e.retryAfterSeconds) res.setHeader('Retry-After', String(e.retryAfterSeconds));
        return this.identityPage(req, res, locale, 429, {
          ...keep,
          errors: [{ message: rateLimitedMessage(locale, e) }],
        });
      }
      throw e;
    }
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
  async chooseCredentials(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const view = await this.describe.activation(this.token(req));
    if (!view || view.step === 'done') return this.expired(req, res);
    const { values, errors } = readForm(locale, body, ['username', 'password', 'password_confirm']);
    if (!this.csrf.valid(req, (body as Form | undefined)?.csrf))
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
  async registerContacts(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const { values, errors } = readForm(locale, body, ['email', 'phone']);
    const keep = { email: values.email, phone: values.phone };
    if (!this.csrf.valid(req, (body as Form | undefined)?.csrf))
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
      if (e instanceof RateLimited) {
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
    return this.codesPage(req, res, locale, 200, view.contacts, {
      notice: req.query.sent !== undefined ? t(locale, 'contact.resent') : undefined,
    });
  }

  @Post('verify')
  async verifyCodes(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const view = await this.describe.activation(this.token(req));
    if (!view || view.step !== 'verify') return this.expired(req, res);
    const { values, errors } = readForm(locale, body, ['email_code', 'phone_code']);
    if (!this.csrf.valid(req, (body as Form | undefined)?.csrf))
      return this.codesPage(req, res, locale, 403, view.contacts, {
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    if (errors.length) return this.codesPage(req, res, locale, 400, view.contacts, { errors });
    try {
      const r = await this.verify.execute({
        kind: 'activation',
        token: this.token(req),
        codes: { email: values.email_code, phone: values.phone_code },
      });
      if (r.allVerified) return await this.finish(req, res, locale);
      const after = await this.describe.activation(this.token(req));
      const pending = (after?.contacts ?? view.contacts).filter((c) => !c.verified).map((c) => c.channel);
      return this.codesPage(req, res, locale, 400, after?.contacts ?? view.contacts, {
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
    const view = await this.describe.activation(this.token(req));
    if (!view || view.step !== 'verify') return this.expired(req, res);
    const form = (body ?? {}) as Form;
    const channel = channelOf(form.channel);
    if (!this.csrf.valid(req, form.csrf) || !channel)
      return this.codesPage(req, res, locale, 403, view.contacts, {
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    try {
      await this.resend.execute({ kind: 'activation', token: this.token(req), channel, locale });
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
      await this.complete.execute({ token: this.token(req) }, authContext(req));
      return res.redirect(303, localHref(req, `${BASE}/done`));
    } catch (e) {
      if (e instanceof ValidationFailed)
        return res.redirect(303, localHref(req, `${BASE}/account`, { taken: '1' }));
      if (e instanceof ActivationFailed) {
        clearFlowCookie(res, COOKIE, BASE, this.secure);
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
    clearFlowCookie(res, COOKIE, BASE, this.secure);
    return res.redirect(303, localHref(req, BASE, { expired: '1' }));
  }

  private messages(locale: Locale, e: ValidationFailed, values: Record<string, string>): FormError[] {
    return e.problems.map((p) => problemMessage(locale, p, values, this.policy.minLength));
  }

  private identityPage(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: { nationalId?: string; birthDate?: string; errors?: FormError[]; notice?: string },
  ) {
    return sendPage(
      res,
      status,
      activationIdentityPage({
        locale,
        action: localHref(req, BASE),
        csrf: this.csrf.token(req, res),
        applyHref: localHref(req, '/apply'),
        switchLocaleHref: localeSwitchHref(BASE, locale),
        ...m,
      }),
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
        step: { n: ACTIVATION_STEPS, total: ACTIVATION_STEPS },
        action: localHref(req, `${BASE}/verify`),
        resendAction: localHref(req, `${BASE}/resend`),
        csrf: this.csrf.token(req, res),
        contacts,
        minutes: Math.round(this.options.contactCodeTtlSeconds / 60),
        links: [
          { href: localHref(req, `${BASE}/contact`), label: t(locale, 'contact.change') },
          { href: localHref(req, BASE), label: t(locale, 'activation.restart') },
        ],
        switchLocaleHref: localeSwitchHref(`${BASE}/verify`, locale),
        ...m,
      }),
    );
  }
}
