import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PasswordPolicy } from '#identity-core';
import { CsrfService, localeSwitchHref, sendPage, type FormError, type Locale } from '#web';
import { t } from '../i18n/index.js';
import {
  activationAccountPage,
  activationContactPage,
  activationIdentityPage,
} from '../pages/activation.page.js';
import { localHref } from './activation-form.js';
import { CountyProofResponder } from './county-proof.responder.js';

const BASE = '/activate';

/** The activation pages that are drawn again after a refusal: identity, account, contacts. */
@Injectable()
export class ActivationPages {
  constructor(
    private readonly csrf: CsrfService,
    private readonly policy: PasswordPolicy,
    private readonly countyProof: CountyProofResponder,
  ) {}

  async identity(
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

  account(
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

  contact(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: {
      email?: string;
      phone?: string;
      verified?: { email: string | null; phone: string | null };
      errors?: FormError[];
    },
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
