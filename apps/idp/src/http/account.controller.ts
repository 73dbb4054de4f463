import {
  Body,
  Controller,
  Get,
  Inject,
  Post,
  Query,
  Req,
  Res,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { RecentSignInsUseCase } from '#accounts';
import { CountyLinkNotFound, ListCountyLinksUseCase, UnlinkCountyUseCase } from '#county-federation';
import { AccountRepository, AuditService, SessionTerminator } from '#identity-core';
import { AccountSessions, EnsureFirstPartyClientUseCase, OidcService } from '#oidc';
import { DescribeSecondFactorsUseCase } from '#otp';
import { RelyingPartyError } from '#relying-party';
import { CsrfService, messagePage, sendPage } from '#web';
import { pageLocale, requireHolder, switchHref } from '../account/account-pages.js';
import {
  AccountSessionService,
  MY_ACCOUNT_CALLBACK,
  MY_ACCOUNT_CLIENT_ID,
  safeReturn,
} from '../account/account-session.service.js';
import { config } from '../config/config.js';
import { t } from '../i18n/index.js';
import { accountPage } from '../pages/account.page.js';
import { AccountActionDto, AccountSessionDto } from './dto/account.dto.js';
import { CountyChoiceDto } from './dto/county.dto.js';

const NOTICES = {
  ended: 'account.sessionEnded',
  'ended-all': 'account.sessionsEnded',
  sms: 'account.smsEnabled',
  removed: 'account.factorRemoved',
  password: 'account.passwordChanged',
  contact: 'account.contactChanged',
  county: 'account.countyRemoved',
} as const;

/**
 * My account (/account): the holder signs in through this idp as a first-party client and sees
 * their profile, ways to sign in, sessions and last sign-ins; can sign out one session or all.
 */
@Controller('account')
export class AccountController implements OnApplicationBootstrap {
  constructor(
    private readonly sessions: AccountSessionService,
    private readonly csrf: CsrfService,
    private readonly accounts: AccountRepository,
    private readonly factors: DescribeSecondFactorsUseCase,
    private readonly history: RecentSignInsUseCase,
    private readonly ssoSessions: AccountSessions,
    private readonly terminator: SessionTerminator,
    private readonly oidc: OidcService,
    private readonly audit: AuditService,
    private readonly countyLinks: ListCountyLinksUseCase,
    private readonly unlinkCounty: UnlinkCountyUseCase,
    @Inject(EnsureFirstPartyClientUseCase) private readonly ensureClient: EnsureFirstPartyClientUseCase,
  ) {}

  async onApplicationBootstrap() {
    await this.ensureClient.execute({
      clientId: MY_ACCOUNT_CLIENT_ID,
      name: '我的帳號 My account',
      redirectUri: `${config.issuer}${MY_ACCOUNT_CALLBACK}`,
      scopes: ['openid'],
    });
  }

  @Get()
  async overview(@Req() req: Request, @Res() res: Response, @Query('done') done?: string) {
    const session = await requireHolder(this.sessions, req, res);
    if (!session) return;
    const locale = pageLocale(req);
    const account = await this.accounts.findBySub(session.sub);
    if (!account) return this.leave(req, res);
    const [factors, sessions, history, countyLinks] = await Promise.all([
      this.factors.describe(account),
      this.ssoSessions.list(account.sub),
      this.history.execute(account.sub),
      this.countyLinks.execute(account.sub),
    ]);
    const message = done && done in NOTICES ? t(locale, NOTICES[done as keyof typeof NOTICES]) : undefined;
    sendPage(
      res,
      200,
      accountPage({
        locale,
        csrf: this.csrf.token(req, res),
        profile: {
          name: account.displayName,
          username: account.username,
          email: account.email,
          emailVerified: account.emailVerified,
          phone: account.phone,
          phoneVerified: account.phoneVerified,
        },
        factors,
        sessions,
        currentSessionUid: await this.oidc.sessionUid(req, res),
        history,
        // The section only for those with a county linked: most accounts never use one.
        countyLinks: countyLinks.length ? countyLinks : undefined,
        message,
        switchLocaleHref: switchHref(req, locale),
      }),
    );
  }

  /** The idp's answer to My account's sign-in (code flow): checked, then the page asked for. */
  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response) {
    try {
      return res.redirect(303, await this.sessions.completeLogin(req, res));
    } catch (e) {
      if (!(e instanceof RelyingPartyError)) throw e;
      // A stale or replayed callback, or the holder cancelled: start again (once more at most).
      if (e.details?.error === 'access_denied' || req.query.error) return this.leave(req, res);
      return res.redirect(303, '/account');
    }
  }

  /** Sign in again now (every factor), then back to `to`. */
  @Get('reauth')
  async reauth(@Req() req: Request, @Res() res: Response, @Query('to') to?: string) {
    const target = safeReturn(typeof to === 'string' ? to : '/account');
    res.redirect(303, await this.sessions.beginLogin(res, target, { fresh: true, locale: pageLocale(req) }));
  }

  @Post('logout')
  async logout(@Body() form: AccountActionDto, @Req() req: Request, @Res() res: Response) {
    if (this.csrf.valid(req, form.csrf)) await this.sessions.end(req, res);
    return this.leave(req, res);
  }

  @Post('sessions/end')
  async endOne(@Body() form: AccountSessionDto, @Req() req: Request, @Res() res: Response) {
    const session = await requireHolder(this.sessions, req, res);
    if (!session) return;
    if (!this.csrf.valid(req, form.csrf)) return res.redirect(303, '/account');
    const ended = await this.ssoSessions.end(session.sub, form.session);
    await this.audit.record({
      actor: `account:${session.sub}`,
      action: 'account.session_end',
      target: `account:${session.sub}`,
      result: ended ? 'success' : 'failure',
      ip: req.ip,
      userAgent: req.get('user-agent') ?? null,
    });
    return res.redirect(303, '/account?done=ended');
  }

  @Post('sessions/end-all')
  async endAll(@Body() form: AccountActionDto, @Req() req: Request, @Res() res: Response) {
    const session = await requireHolder(this.sessions, req, res);
    if (!session) return;
    if (!this.csrf.valid(req, form.csrf)) return res.redirect(303, '/account');
    await this.terminator.terminateAll(session.sub);
    await this.audit.record({
      actor: `account:${session.sub}`,
      action: 'account.sessions_end_all',
      target: `account:${session.sub}`,
      result: 'success',
      ip: req.ip,
      userAgent: req.get('user-agent') ?? null,
    });
    await this.sessions.end(req, res);
    return this.leave(req, res, 'account.sessionsEnded');
  }

  /** Removes a linked county identity: a sensitive change, so after a recent sign-in (ASVS 7.5.1). */
  @Post('county/remove')
  async removeCounty(@Body() form: CountyChoiceDto, @Req() req: Request, @Res() res: Response) {
    const session = await requireHolder(this.sessions, req, res, { fresh: true, returnTo: '/account' });
    if (!session) return;
    if (!this.csrf.valid(req, form.csrf)) return res.redirect(303, '/account');
    try {
      await this.unlinkCounty.execute({
        accountSub: session.sub,
        county: form.county,
        actor: `account:${session.sub}`,
        ip: req.ip ?? null,
        userAgent: req.get('user-agent') ?? null,
      });
    } catch (e) {
      // Not (or no longer) linked to this account: nothing to remove.
      if (!(e instanceof CountyLinkNotFound)) throw e;
      return res.redirect(303, '/account');
    }
    return res.redirect(303, '/account?done=county');
  }

  private leave(req: Request, res: Response, key: 'account.sessionsEnded' | 'account.left' = 'account.left') {
    const locale = pageLocale(req);
    sendPage(
      res,
      200,
      messagePage({
        locale,
        title: t(locale, 'account.title'),
        message: t(locale, key),
        switchLocaleHref: switchHref(req, locale),
      }),
    );
  }
}
