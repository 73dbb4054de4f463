import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { COUNTY_METHOD, COUNTY_STEPS, CountyReturnStore } from '#county-federation';
import { SignInFlow, SignInStepUnknown } from '#identity-core';
import { InteractionExpired, OidcService, type InteractionView } from '#oidc';
import { localeSwitchHref, messagePage, requestLocale, sendPage } from '#web';
import { t } from '../i18n/index.js';
import { CountyProofResponder } from './county-proof.responder.js';
import { authContext } from './request-info.js';
import { redirect, rejection, signInRequest, SignInResponder } from './sign-in.responder.js';

/** The county's answer: OAuth parameters only, strings, capped (the relying party checks them). */
function callbackParams(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  const url = new URL(req.originalUrl, 'http://callback.invalid');
  for (const [k, v] of [...url.searchParams].slice(0, 20)) if (!(k in out)) out[k] = v.slice(0, 4096);
  return out;
}

/**
 * 使用縣市帳號登入 comes back here. `/cncreturnpage` is the one callback every county knows: the
 * `state` finds the login it belongs to (once: a replay finds nothing) and the browser goes on to
 * that login's own URL, where the engine's interaction cookie proves it is the browser that began
 * it; there the county method checks the answer and the login carries on.
 */
@Controller()
export class CountyReturnController {
  constructor(
    private readonly returns: CountyReturnStore,
    private readonly oidc: OidcService,
    private readonly flow: SignInFlow,
    private readonly pages: SignInResponder,
    private readonly proofs: CountyProofResponder,
  ) {}

  @Get('cncreturnpage')
  async cncReturnPage(@Req() req: Request, @Res() res: Response) {
    const params = callbackParams(req);
    const route = await this.returns.take(params.state ?? '');
    if (!route) return this.unknown(req, res);
    // 使用縣市帳號證明身分 on /activate or /apply: its cookie, not an interaction, ties it to the browser.
    if (route.for !== 'login') return this.proofs.finish(route, params, req, res);
    const query = new URLSearchParams(params).toString();
    return redirect(res, `/interaction/${encodeURIComponent(route.login)}/county/return?${query}`);
  }

  @Get('interaction/:uid/county/return')
  async countyReturn(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    let it: InteractionView;
    try {
      it = await this.oidc.interaction(req, res);
      if (it.uid !== uid) throw new InteractionExpired();
    } catch (e) {
      if (e instanceof InteractionExpired) return this.unknown(req, res);
      throw e;
    }
    const locale = requestLocale(req, it.params.ui_locales);
    let next;
    try {
      next = await this.flow.complete(
        COUNTY_METHOD,
        COUNTY_STEPS.return,
        callbackParams(req),
        it.signIn,
        signInRequest(it),
        { ...authContext(req), loginId: it.uid },
      );
    } catch (e) {
      // Not waiting for the county (already answered, or another step): nothing to finish here.
      if (e instanceof SignInStepUnknown) return this.unknown(req, res, it);
      throw e;
    }
    if (next.next !== 'rejected') return this.pages.carryOut(req, res, it, locale, next);
    // The county said who it is, but the account may not sign in (disabled): the login page says so.
    if (it.signIn) await this.oidc.saveSignIn(req, res, { ...it.signIn, pending: null });
    const { message, status } = rejection(locale, next.reason, next.retryAfterSeconds, false);
    return this.pages.sendLogin(res, it, locale, { errors: [{ message }], status });
  }

  private unknown(req: Request, res: Response, it?: InteractionView) {
    const locale = requestLocale(req, it?.params.ui_locales);
    // A browser that began an activation or application through a county gets the way back to it.
    const purpose = it ? null : this.proofs.pendingPurpose(req);
    sendPage(
      res,
      400,
      messagePage({
        locale,
        title: t(locale, 'county.returnUnknownTitle'),
        message: t(locale, 'county.returnUnknown'),
        switchLocaleHref: localeSwitchHref(req.path, locale),
        ...(purpose
          ? {
              links: [
                purpose === 'activation'
                  ? { href: '/activate', label: t(locale, 'countyProof.startAgain') }
                  : { href: '/apply', label: t(locale, 'countyProof.applyAgain') },
              ],
            }
          : {}),
      }),
    );
  }
}
