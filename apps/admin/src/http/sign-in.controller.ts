import { Controller, Get, Post, Query, Req, Res, type OnApplicationBootstrap } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EnsureFirstPartyClientUseCase } from '#oidc';
import { RelyingPartyError } from '#relying-party';
import { CsrfService } from '#web';
import { config } from '../config/config.js';
import { t } from '../i18n/index.js';
import { PortalRateLimits } from '../limits/portal-rate-limits.js';
import {
  ADMIN_BACKCHANNEL,
  ADMIN_CALLBACK,
  ADMIN_CLIENT_ID,
  ADMIN_SIGNED_OUT,
} from '../session/session.constants.js';
import { safeReturn, StaffSessionService, StaffSignInRefused } from '../session/staff-session.service.js';
import { pageLocale, sendMessage } from './staff-pages.js';

/**
 * Staff sign in at edu-sso (the portal is its first-party client, registered here at start with
 * its back-channel logout URI), and sign out here and there at once.
 */
@Controller()
export class SignInController implements OnApplicationBootstrap {
  constructor(
    private readonly sessions: StaffSessionService,
    private readonly csrf: CsrfService,
    private readonly ensureClient: EnsureFirstPartyClientUseCase,
    private readonly limits: PortalRateLimits,
  ) {}

  async onApplicationBootstrap() {
    await this.ensureClient.execute({
      clientId: ADMIN_CLIENT_ID,
      name: '客服後台 Helpdesk portal',
      redirectUri: `${config.adminUrl}${ADMIN_CALLBACK}`,
      postLogoutRedirectUris: [`${config.adminUrl}${ADMIN_SIGNED_OUT}`],
      backchannelLogoutUri: `${config.adminUrl}${ADMIN_BACKCHANNEL}`,
      scopes: ['openid'],
    });
  }

  /** `fresh=1`: every factor again now (before revealing a national ID). */
  @Get('sign-in')
  async signIn(
    @Req() req: Request,
    @Res() res: Response,
    @Query('to') to?: unknown,
    @Query('fresh') fresh?: unknown,
  ) {
    await this.limits.take('sign-in', req, null);
    const url = await this.sessions.beginLogin(res, {
      returnTo: safeReturn(typeof to === 'string' ? to : '/'),
      locale: pageLocale(req),
      fresh: fresh === '1',
    });
    res.redirect(303, url);
  }

  @Get(ADMIN_CALLBACK.slice(1))
  async callback(@Req() req: Request, @Res() res: Response) {
    const locale = pageLocale(req);
    try {
      const { returnTo } = await this.sessions.completeLogin(req, res);
      return res.redirect(303, returnTo);
    } catch (e) {
      if (e instanceof StaffSignInRefused)
        return sendMessage(
          req,
          res,
          403,
          t(locale, 'admin.refusedTitle'),
          t(locale, `admin.refused.${e.reason}`),
        );
      if (e instanceof RelyingPartyError)
        return sendMessage(req, res, 400, t(locale, 'admin.title'), t(locale, 'admin.signInFailed'));
      throw e;
    }
  }

  /** Ends the portal session, then the idp's (RP-initiated logout) so the browser is signed out there too. */
  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response) {
    if (!this.csrf.valid(req, (req.body as Record<string, unknown> | undefined)?.csrf))
      return res.redirect(303, '/');
    const ended = await this.sessions.end(req, res);
    const url = new URL(`${config.issuer}/oidc/v1/logout-to-go`);
    url.searchParams.set('client_id', ADMIN_CLIENT_ID);
    url.searchParams.set('post_logout_redirect_uri', `${config.adminUrl}${ADMIN_SIGNED_OUT}`);
    if (ended?.idToken) url.searchParams.set('id_token_hint', ended.idToken);
    res.redirect(303, url.toString());
  }

  @Get(ADMIN_SIGNED_OUT.slice(1))
  signedOut(@Req() req: Request, @Res() res: Response) {
    const locale = pageLocale(req);
    sendMessage(req, res, 200, t(locale, 'admin.signedOutTitle'), t(locale, 'admin.signedOut'));
  }

  /** OpenID Connect Back-Channel Logout: the idp posts `logout_token` when a staff member's SSO session ends. */
  @Post(ADMIN_BACKCHANNEL.slice(1))
  async backchannel(@Req() req: Request, @Res() res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await this.sessions.backchannelLogout((req.body as Record<string, unknown> | undefined)?.logout_token);
      res.status(200).end();
    } catch (e) {
      if (!(e instanceof RelyingPartyError)) throw e;
      res.status(400).json({ error: 'invalid_request' });
    }
  }
}
