import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import {
  ChangePasswordUseCase,
  ConfirmContactChangeUseCase,
  ContactCodeRejected,
  StartContactChangeUseCase,
  type ContactChannel,
} from '#accounts';
import { PasswordPolicy, TooManyAttempts, ValidationFailed } from '#identity-core';
import {
  ConfirmTotpEnrolmentUseCase,
  EnableSmsCodesUseCase,
  FactorNotEnrolled,
  groupSecret,
  MobileNotVerified,
  RegenerateRecoveryCodesUseCase,
  RemoveSecondFactorUseCase,
  StartTotpEnrolmentUseCase,
  TotpCodeWrong,
  TotpEnrolmentMissing,
  type HolderContext,
} from '#otp';
import { CsrfService, sendPage, type FormError, type Locale } from '#web';
import { pageLocale, requireHolder, switchHref } from '../account/account-pages.js';
import { AccountSessionService, type AccountSession } from '../account/account-session.service.js';
import { t, type MessageKey } from '../i18n/index.js';
import { contactPage, passwordPage, recoveryCodesPage, totpEnrolPage } from '../pages/account-forms.page.js';
import {
  AccountActionDto,
  AccountCodeDto,
  AccountContactDto,
  AccountPasswordDto,
} from './dto/account.dto.js';

type Holder = AccountSession & { id: string };

/**
 * My account's changes: the authenticator app, SMS codes, recovery codes, the password, the email
 * and the mobile. Each needs a sign-in within the last 5 minutes (ASVS 7.5.1) and the CSRF field;
 * each calls one use case, which audits it and tells the holder.
 */
@Controller('account')
export class AccountSecurityController {
  constructor(
    private readonly sessions: AccountSessionService,
    private readonly csrf: CsrfService,
    private readonly startTotp: StartTotpEnrolmentUseCase,
    private readonly confirmTotp: ConfirmTotpEnrolmentUseCase,
    private readonly removeFactor: RemoveSecondFactorUseCase,
    private readonly enableSms: EnableSmsCodesUseCase,
    private readonly newRecovery: RegenerateRecoveryCodesUseCase,
    private readonly changePassword: ChangePasswordUseCase,
    private readonly startContact: StartContactChangeUseCase,
    private readonly confirmContact: ConfirmContactChangeUseCase,
    private readonly policy: PasswordPolicy,
  ) {}

  private ctx(req: Request, session: Holder): HolderContext {
    return {
      sub: session.sub,
      ip: req.ip ?? null,
      userAgent: req.get('user-agent') ?? null,
      locale: pageLocale(req),
    };
  }

  /** Adding or replacing the app: a new secret (kept until confirmed), its QR code, key and URI. */
  @Get('totp/new')
  async totpNew(@Req() req: Request, @Res() res: Response) {
    const session = await requireHolder(this.sessions, req, res, { fresh: true });
    if (!session) return;
    const enrolment =
      (await this.startTotp.pending(session.sub)) ?? (await this.startTotp.execute(this.ctx(req, session)));
    return this.sendTotp(req, res, enrolment, []);
  }

  @Post('totp')
  async totpConfirm(@Body() form: AccountCodeDto, @Req() req: Request, @Res() res: Response) {
    const session = await requireHolder(this.sessions, req, res, {
      fresh: true,
      returnTo: '/account/totp/new',
    });
    if (!session || !this.checkCsrf(req, res, form.csrf)) return;
    const locale = pageLocale(req);
    try {
      const { recoveryCodes } = await this.confirmTotp.execute(this.ctx(req, session), form.code);
      return sendPage(
        res,
        200,
        recoveryCodesPage({ locale, codes: recoveryCodes, switchLocaleHref: switchHref(req, locale) }),
      );
    } catch (e) {
      if (e instanceof TotpEnrolmentMissing) return res.redirect(303, '/account/totp/new');
      if (!(e instanceof TotpCodeWrong)) throw e;
      const enrolment = await this.startTotp.pending(session.sub);
      if (!enrolment) return res.redirect(303, '/account/totp/new');
      return this.sendTotp(req, res, enrolment, [{ field: 'code', message: t(locale, 'totp.wrong') }], 400);
    }
  }

  @Post('totp/remove')
  async totpRemove(@Body() form: AccountActionDto, @Req() req: Request, @Res() res: Response) {
    return this.act(req, res, form.csrf, 'removed', (ctx) => this.removeFactor.execute(ctx, 'totp'));
  }

  @Post('sms/enable')
  async smsEnable(@Body() form: AccountActionDto, @Req() req: Request, @Res() res: Response) {
    return this.act(req, res, form.csrf, 'sms', (ctx) => this.enableSms.execute(ctx));
  }

  @Post('sms/remove')
  async smsRemove(@Body() form: AccountActionDto, @Req() req: Request, @Res() res: Response) {
    return this.act(req, res, form.csrf, 'removed', (ctx) => this.removeFactor.execute(ctx, 'sms'));
  }

  @Post('recovery/new')
  async recoveryNew(@Body() form: AccountActionDto, @Req() req: Request, @Res() res: Response) {
    const session = await requireHolder(this.sessions, req, res, { fresh: true, returnTo: '/account' });
    if (!session || !this.checkCsrf(req, res, form.csrf)) return;
    const locale = pageLocale(req);
    try {
      const { recoveryCodes } = await this.newRecovery.execute(this.ctx(req, session));
      sendPage(
        res,
        200,
        recoveryCodesPage({ locale, codes: recoveryCodes, switchLocaleHref: switchHref(req, locale) }),
      );
    } catch (e) {
      if (!(e instanceof FactorNotEnrolled)) throw e;
      res.redirect(303, '/account');
    }
  }

  @Get('password')
  async passwordForm(@Req() req: Request, @Res() res: Response) {
    const session = await requireHolder(this.sessions, req, res, { fresh: true });
    if (session) this.sendPassword(req, res, []);
  }

  @Post('password')
  async password(@Body() form: AccountPasswordDto, @Req() req: Request, @Res() res: Response) {
    const session = await requireHolder(this.sessions, req, res, { fresh: true });
    if (!session || !this.checkCsrf(req, res, form.csrf)) return;
    const locale = pageLocale(req);
    const min = this.policy.minLength;
    const errors: FormError[] = form.problems.map((p) => ({
      field: p.field === 'confirm' ? 'confirm' : 'password',
      message:
        p.code === 'mismatch'
          ? t(locale, 'password.mismatch')
          : p.code === 'too_long'
            ? t(locale, 'password.too_long')
            : t(locale, 'accountContact.required'),
    }));
    if (errors.length) return this.sendPassword(req, res, errors, 400);
    try {
      await this.changePassword.execute(this.ctx(req, session), form.password);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const messages = e.problems.map((p) => ({
        field: 'password',
        message: t(locale, `password.${p.code}` as MessageKey, { min }),
      }));
      return this.sendPassword(req, res, messages, 400);
    }
    res.redirect(303, '/account?done=password');
  }

  @Get('email')
  async emailForm(@Req() req: Request, @Res() res: Response) {
    return this.contactForm('email', req, res);
  }

  @Get('phone')
  async phoneForm(@Req() req: Request, @Res() res: Response) {
    return this.contactForm('phone', req, res);
  }

  @Post('email')
  async email(@Body() form: AccountContactDto, @Req() req: Request, @Res() res: Response) {
    return this.contactStart('email', form, req, res);
  }

  @Post('phone')
  async phone(@Body() form: AccountContactDto, @Req() req: Request, @Res() res: Response) {
    return this.contactStart('phone', form, req, res);
  }

  @Post('email/verify')
  async emailVerify(@Body() form: AccountCodeDto, @Req() req: Request, @Res() res: Response) {
    return this.contactVerify('email', form, req, res);
  }

  @Post('phone/verify')
  async phoneVerify(@Body() form: AccountCodeDto, @Req() req: Request, @Res() res: Response) {
    return this.contactVerify('phone', form, req, res);
  }

  private async contactForm(channel: ContactChannel, req: Request, res: Response) {
    const session = await requireHolder(this.sessions, req, res, { fresh: true });
    if (session) this.sendContact(req, res, { channel });
  }

  private async contactStart(channel: ContactChannel, form: AccountContactDto, req: Request, res: Response) {
    const session = await requireHolder(this.sessions, req, res, { fresh: true });
    if (!session || !this.checkCsrf(req, res, form.csrf)) return;
    const locale = pageLocale(req);
    const fail = (key: MessageKey, params?: Record<string, number>) =>
      this.sendContact(
        req,
        res,
        { channel, value: form.value, errors: [{ field: 'value', message: t(locale, key, params) }] },
        400,
      );
    if (form.problems.length) return fail(form.value ? 'accountContact.format' : 'accountContact.required');
    try {
      const { value } = await this.startContact.execute(this.ctx(req, session), channel, form.value);
      await this.sessions.save({ ...session, pendingContact: { channel, value } });
      this.sendContact(req, res, { channel, sentTo: value });
    } catch (e) {
      if (e instanceof TooManyAttempts)
        return fail('accountContact.wait', { seconds: e.retryAfterSeconds ?? 60 });
      if (!(e instanceof ValidationFailed)) throw e;
      return fail(
        e.problems.some((p) => p.code === 'unchanged') ? 'accountContact.unchanged' : 'accountContact.format',
      );
    }
  }

  private async contactVerify(channel: ContactChannel, form: AccountCodeDto, req: Request, res: Response) {
    const session = await requireHolder(this.sessions, req, res, {
      fresh: true,
      returnTo: `/account/${channel}`,
    });
    if (!session || !this.checkCsrf(req, res, form.csrf)) return;
    const pending = session.pendingContact;
    if (!pending || pending.channel !== channel) return res.redirect(303, `/account/${channel}`);
    const locale = pageLocale(req);
    try {
      await this.confirmContact.execute(this.ctx(req, session), channel, pending.value, form.code);
    } catch (e) {
      if (!(e instanceof ContactCodeRejected)) throw e;
      const key = e.problem === 'wrong' ? 'accountContact.wrong' : 'accountContact.unusable';
      if (e.problem !== 'wrong') await this.sessions.save({ ...session, pendingContact: undefined });
      return this.sendContact(
        req,
        res,
        e.problem === 'wrong'
          ? { channel, sentTo: pending.value, errors: [{ field: 'code', message: t(locale, key) }] }
          : { channel, errors: [{ field: 'value', message: t(locale, key) }] },
        400,
      );
    }
    await this.sessions.save({ ...session, pendingContact: undefined });
    res.redirect(303, '/account?done=contact');
  }

  /** A button's change: fresh sign-in, CSRF, the use case, back to the overview with its notice. */
  private async act(
    req: Request,
    res: Response,
    csrf: string,
    done: string,
    run: (ctx: HolderContext) => Promise<void>,
  ) {
    const session = await requireHolder(this.sessions, req, res, { fresh: true, returnTo: '/account' });
    if (!session || !this.checkCsrf(req, res, csrf)) return;
    try {
      await run(this.ctx(req, session));
    } catch (e) {
      if (!(e instanceof FactorNotEnrolled || e instanceof MobileNotVerified)) throw e;
      return res.redirect(303, '/account');
    }
    res.redirect(303, `/account?done=${done}`);
  }

  /** A form from another site (or an old page) is refused: back to the overview, nothing done. */
  private checkCsrf(req: Request, res: Response, token: string): boolean {
    if (this.csrf.valid(req, token)) return true;
    res.redirect(303, '/account');
    return false;
  }

  private async sendTotp(
    req: Request,
    res: Response,
    enrolment: { secret: string; uri: string },
    errors: FormError[],
    status = 200,
  ) {
    const locale: Locale = pageLocale(req);
    // Drawn here, as a PNG data URL (the page CSP allows data: images): no third party sees the secret.
    const qrDataUrl = await QRCode.toDataURL(enrolment.uri, {
      errorCorrectionLevel: 'M',
      margin: 2,
      width: 200,
    });
    sendPage(
      res,
      status,
      totpEnrolPage({
        locale,
        csrf: this.csrf.token(req, res),
        qrDataUrl,
        secret: groupSecret(enrolment.secret),
        uri: enrolment.uri,
        errors,
        switchLocaleHref: switchHref(req, locale),
      }),
    );
  }

  private sendPassword(req: Request, res: Response, errors: FormError[], status = 200) {
    const locale = pageLocale(req);
    sendPage(
      res,
      status,
      passwordPage({
        locale,
        csrf: this.csrf.token(req, res),
        minLength: this.policy.minLength,
        errors,
        switchLocaleHref: switchHref(req, locale),
      }),
    );
  }

  private sendContact(
    req: Request,
    res: Response,
    m: { channel: ContactChannel; value?: string; sentTo?: string; errors?: FormError[] },
    status = 200,
  ) {
    const locale = pageLocale(req);
    sendPage(
      res,
      status,
      contactPage({
        locale,
        csrf: this.csrf.token(req, res),
        switchLocaleHref: switchHref(req, locale),
        ...m,
      }),
    );
  }
}
