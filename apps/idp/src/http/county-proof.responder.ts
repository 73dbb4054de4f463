import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ACTIVATION_OPTIONS,
  ActivationFailed,
  ApplicationRefused,
  ApplyVouchedIdentityUseCase,
  ProveVouchedIdentityUseCase,
  type ResolvedActivationOptions,
} from '#activation';
import {
  BeginCountyProofUseCase,
  CompleteCountyProofUseCase,
  countyLabel,
  CountyProofFailed,
  ListProofCountiesUseCase,
  type CountyProofPurpose,
} from '#county-federation';
import { ValidationFailed } from '#identity-core';
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
import { t, type MessageKey } from '../i18n/index.js';
import { activationIdentityPage } from '../pages/activation.page.js';
import { applyPage } from '../pages/apply.page.js';
import type { CountyProofModel } from '../pages/county-proof.page.js';
import { ACTIVATION_COOKIE, localHref } from './activation-form.js';
import type { CountyChoiceDto } from './dto/county.dto.js';
import { redirect } from './sign-in.responder.js';
import { authContext } from './request-info.js';

/** The browser's handle of a proof in progress (`<purpose>.<handle>`), sent back only to the callback. */
export const PROOF_COOKIE = 'edu_county_proof';
const PROOF_COOKIE_PATH = '/cncreturnpage';
const PROOF_TTL_SECONDS = 600;

const BASE: Record<CountyProofPurpose, string> = { activation: '/activate', apply: '/apply' };

const FAILURE: Record<CountyProofFailed['kind'], MessageKey> = {
  unavailable: 'countyProof.unavailable',
  denied: 'countyProof.denied',
  expired: 'countyProof.expired',
  invalid: 'countyProof.invalid',
  untrusted: 'countyProof.untrusted',
  mismatch: 'countyProof.mismatch',
  no_national_id: 'countyProof.noNationalId',
};

/** The person may simply try again (the county was away, or they cancelled); else the answer was bad. */
const statusOf = (kind: CountyProofFailed['kind']) =>
  kind === 'unavailable' || kind === 'denied' || kind === 'expired' ? 200 : 400;

/**
 * 使用縣市帳號證明身分 on /activate and /apply, at the edge: the county buttons (with the CSP
 * that lets their form reach the county), going to the county with the proof's handle in an
 * HttpOnly, SameSite cookie, and the answer at `/cncreturnpage`: the vouched national ID continues
 * an activation (pending account) or approves an application, then the activation's own steps
 * (account name, password, contacts) follow. Every failure is the code-based page of the same
 * flow with a message naming the county, status < 500, nothing linked.
 */
@Injectable()
export class CountyProofResponder {
  constructor(
    private readonly csrf: CsrfService,
    private readonly cookies: WebCookies,
    private readonly counties: ListProofCountiesUseCase,
    private readonly beginProof: BeginCountyProofUseCase,
    private readonly completeProof: CompleteCountyProofUseCase,
    private readonly proveVouched: ProveVouchedIdentityUseCase,
    private readonly applyVouched: ApplyVouchedIdentityUseCase,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {}

  /** The county section of a page of `purpose`, and the origins its CSP `form-action` must allow. */
  async section(
    purpose: CountyProofPurpose,
    req: Request,
    res: Response,
  ): Promise<{ countyProof?: CountyProofModel; origins: string[] }> {
    const { counties, origins } = await this.counties.execute();
    if (!counties.length) return { origins: [] };
    return {
      countyProof: {
        action: localHref(req, `${BASE[purpose]}/county`),
        csrf: this.csrf.token(req, res),
        counties,
        lead: purpose === 'activation' ? 'countyProof.activationLead' : 'countyProof.applyLead',
      },
      origins,
    };
  }

  /** A county button: to the county's login page, the handle in the cookie. */
  async begin(purpose: CountyProofPurpose, form: CountyChoiceDto, req: Request, res: Response) {
    const locale = requestLocale(req);
    if (!this.csrf.valid(req, form.csrf))
      return this.codePage(purpose, req, res, locale, 403, t(locale, 'activation.form.csrf'));
    try {
      const { url, handle } = await this.beginProof.execute(
        { county: form.county, purpose },
        authContext(req),
      );
      this.cookies.set(res, PROOF_COOKIE, `${purpose}.${handle}`, {
        path: PROOF_COOKIE_PATH,
        maxAgeSeconds: PROOF_TTL_SECONDS,
      });
      return redirect(res, url);
    } catch (e) {
      if (!(e instanceof CountyProofFailed)) throw e;
      return this.failed(purpose, req, res, locale, e);
    }
  }

  /** The county's answer to a proof (`/cncreturnpage` found the route of its state). */
  async finish(
    route: { for: CountyProofPurpose; county: string; proof: string },
    params: Record<string, string>,
    req: Request,
    res: Response,
  ) {
    const locale = requestLocale(req);
    const ctx = authContext(req);
    const cookie = readCookie(req, PROOF_COOKIE) ?? '';
    const handle = cookie.startsWith(`${route.for}.`) ? cookie.slice(route.for.length + 1) : undefined;
    let proof;
    try {
      proof = await this.completeProof.execute({ route, handle, params }, ctx);
    } catch (e) {
      if (!(e instanceof CountyProofFailed)) throw e;
      return this.failed(route.for, req, res, locale, e);
    }
    const county = countyLabel(proof.county.name)[locale];
    const vouched = { nationalId: proof.nationalId, via: proof.via, link: proof.ticket };
    let token: string;
    try {
      token =
        proof.purpose === 'activation'
          ? (await this.proveVouched.execute(vouched, ctx)).token
          : (await this.applyVouched.execute({ ...vouched, name: proof.displayName }, ctx)).token;
    } catch (e) {
      const key: MessageKey | null =
        e instanceof ActivationFailed
          ? 'countyProof.noPending'
          : e instanceof ApplicationRefused
            ? 'countyProof.hasAccount'
            : e instanceof ValidationFailed
              ? 'countyProof.noNationalId'
              : null;
      if (!key) throw e;
      return this.codePage(route.for, req, res, locale, 400, t(locale, key, { county }));
    }
    // The proof cookie stays until it expires: its handle is spent, and a replayed callback in this
    // browser is told where to start again (pendingPurpose).
    this.cookies.set(res, ACTIVATION_COOKIE, token, {
      path: '/activate',
      maxAgeSeconds: this.options.flowTtlSeconds,
    });
    return res.redirect(303, '/activate/account');
  }

  /** The purpose a proof cookie of this browser was for (a replayed callback's page links back there). */
  pendingPurpose(req: Request): CountyProofPurpose | null {
    const cookie = readCookie(req, PROOF_COOKIE) ?? '';
    return cookie.startsWith('activation.') ? 'activation' : cookie.startsWith('apply.') ? 'apply' : null;
  }

  private failed(
    purpose: CountyProofPurpose,
    req: Request,
    res: Response,
    locale: Locale,
    e: CountyProofFailed,
  ) {
    const county = e.countyName ? countyLabel(e.countyName)[locale] : t(locale, 'countyProof.thisCounty');
    const fallback = t(
      locale,
      purpose === 'activation' ? 'countyProof.fallbackActivation' : 'countyProof.fallbackApply',
    );
    return this.codePage(
      purpose,
      req,
      res,
      locale,
      statusOf(e.kind),
      t(locale, FAILURE[e.kind], { county, fallback }),
    );
  }

  /** The code-based page of the flow (activation code, or the application form) with `message`. */
  private async codePage(
    purpose: CountyProofPurpose,
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    message: string,
  ) {
    const errors: FormError[] = [{ message }];
    const { countyProof, origins } = await this.section(purpose, req, res);
    const base = BASE[purpose];
    const common = {
      locale,
      action: localHref(req, base),
      csrf: this.csrf.token(req, res),
      errors,
      switchLocaleHref: localeSwitchHref(base, locale),
      countyProof,
    };
    const page =
      purpose === 'activation'
        ? activationIdentityPage({ ...common, applyHref: localHref(req, '/apply') })
        : applyPage({ ...common, values: {}, activateHref: localHref(req, '/activate') });
    return sendPage(res, status, page, { formTargets: origins });
  }
}
