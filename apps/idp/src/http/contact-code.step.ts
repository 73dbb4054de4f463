import type { Request, Response } from 'express';
import { FlowExpired, ResendContactCodeUseCase, VerifyContactsUseCase, type ContactView } from '#activation';
import { TooManyAttempts } from '#identity-core';
import {
  localeSwitchHref,
  requestLocale,
  sendPage,
  type CsrfService,
  type FormError,
  type Locale,
} from '#web';
import { t } from '../i18n/index.js';
import { contactVerifyPage } from '../pages/activation-verify.page.js';
import { channelOf, codeErrors, localHref, readForm } from './activation-form.js';
import type { ResendCodeDto } from './dto/resend-code.dto.js';
import type { VerifyContactsDto } from './dto/verify-contacts.dto.js';

export interface ContactCodeStepOptions {
  kind: 'activation' | 'apply';
  /** The flow's path, e.g. `/activate`; the step answers at `${base}/verify` and `${base}/resend`. */
  base: string;
  steps: number;
  csrf: CsrfService;
  verify: VerifyContactsUseCase;
  resend: ResendContactCodeUseCase;
  codeTtlSeconds: number;
  /** The flow behind the request's cookie, or null when there is none. */
  view(req: Request): Promise<{ step: string; contacts: ContactView[] } | null>;
  token(req: Request): string | undefined;
  expired(req: Request, res: Response): unknown;
  /** Every contact is verified: finish the flow and answer. */
  allVerified(req: Request, res: Response, locale: Locale): Promise<unknown>;
  /** The links under the form (e.g. back to the contact form). */
  links(req: Request, locale: Locale): { href: string; label: string }[];
}

/**
 * The email and SMS code step that activation and application share: the codes page, checking
 * the codes and sending a new one. The controllers keep the routes and their own GET guard.
 */
export class ContactCodeStep {
  constructor(private readonly o: ContactCodeStepOptions) {}

  async verifyCodes(form: VerifyContactsDto, req: Request, res: Response) {
    const locale = requestLocale(req);
    const view = await this.o.view(req);
    if (!view || view.step !== 'verify') return this.o.expired(req, res);
    const { values, errors } = readForm(locale, form);
    if (!this.o.csrf.valid(req, form.csrf))
      return this.page(req, res, locale, 403, view.contacts, {
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    if (errors.length) return this.page(req, res, locale, 400, view.contacts, { errors });
    try {
      const r = await this.o.verify.execute({
        kind: this.o.kind,
        token: this.o.token(req),
        codes: { email: values.email_code, phone: values.phone_code },
      });
      if (r.allVerified) return await this.o.allVerified(req, res, locale);
      const contacts = (await this.o.view(req))?.contacts ?? view.contacts;
      const pending = contacts.filter((c) => !c.verified).map((c) => c.channel);
      return this.page(req, res, locale, 400, contacts, {
        errors: codeErrors(locale, r.results, pending, values),
      });
    } catch (e) {
      if (e instanceof FlowExpired) return this.o.expired(req, res);
      throw e;
    }
  }

  async resendCode(form: ResendCodeDto, req: Request, res: Response) {
    const locale = requestLocale(req);
    const view = await this.o.view(req);
    if (!view || view.step !== 'verify') return this.o.expired(req, res);
    const channel = channelOf(form.channel);
    if (!this.o.csrf.valid(req, form.csrf) || !channel)
      return this.page(req, res, locale, 403, view.contacts, {
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    try {
      await this.o.resend.execute({ kind: this.o.kind, token: this.o.token(req), channel, locale });
      return res.redirect(303, localHref(req, `${this.o.base}/verify`, { sent: channel }));
    } catch (e) {
      if (e instanceof TooManyAttempts) {
        if (e.retryAfterSeconds) res.setHeader('Retry-After', String(e.retryAfterSeconds));
        return this.page(req, res, locale, 429, view.contacts, {
          errors: [{ message: t(locale, 'contact.sendLimited') }],
        });
      }
      if (e instanceof FlowExpired) return this.o.expired(req, res);
      throw e;
    }
  }

  page(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    contacts: ContactView[],
    m: { errors?: FormError[]; notice?: string },
  ) {
    const { base, steps } = this.o;
    return sendPage(
      res,
      status,
      contactVerifyPage({
        locale,
        step: { n: steps, total: steps },
        action: localHref(req, `${base}/verify`),
        resendAction: localHref(req, `${base}/resend`),
        csrf: this.o.csrf.token(req, res),
        contacts,
        minutes: Math.round(this.o.codeTtlSeconds / 60),
        links: this.o.links(req, locale),
        switchLocaleHref: localeSwitchHref(`${base}/verify`, locale),
        ...m,
      }),
    );
  }
}
