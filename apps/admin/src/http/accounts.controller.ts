import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DashboardCountsUseCase, SearchAccountsUseCase, type StaffMember } from '#helpdesk';
import { CsrfService, sendPage } from '#web';
import { AccountDetailService } from '../accounts/account-detail.service.js';
import {
  HelpdeskActionsService,
  type ActionName,
  type StaffRequest,
} from '../actions/helpdesk-actions.service.js';
import { config } from '../config/config.js';
import { PortalRateLimits } from '../limits/portal-rate-limits.js';
import { t } from '../i18n/index.js';
import { accountPage } from '../pages/account.page.js';
import { dashboardPage } from '../pages/dashboard.page.js';
import { homePage } from '../pages/home.page.js';
import { letterPage } from '../pages/letter.page.js';
import { searchPage } from '../pages/search.page.js';
import { SESSION } from '../session/session.constants.js';
import { StaffSessionService, type StaffSession } from '../session/staff-session.service.js';
import { pageLocale, sendStaffPage, sendMessage, switchHref } from './staff-pages.js';

const ACTIONS: readonly ActionName[] = [
  'unlock',
  'disable',
  'enable',
  'send-reset',
  'issue-activation',
  'reset-factors',
  'end-sessions',
  'edit-contact',
];

/** Search, one account's page, and the actions on it. Thin: scope and rules live in #helpdesk and the actions service. */
@Controller()
export class AccountsController {
  constructor(
    private readonly sessions: StaffSessionService,
    private readonly csrf: CsrfService,
    private readonly search: SearchAccountsUseCase,
    private readonly details: AccountDetailService,
    private readonly actions: HelpdeskActionsService,
    private readonly dashboard: DashboardCountsUseCase,
    private readonly limits: PortalRateLimits,
  ) {}

  /** Signed in, the search page; otherwise the landing page with its sign-in button. */
  @Get()
  async home(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const locale = pageLocale(req);
    const current = await this.sessions.current(req);
    if (!current) return sendPage(res, 200, homePage({ locale, switchLocaleHref: switchHref(req, locale) }));
    const q = typeof query.q === 'string' ? query.q : '';
    const school = typeof query.school === 'string' ? query.school : '';
    if (q || school) await this.limits.take('search', req, current.staff);
    const result =
      q || school ? await this.search.execute(current.staff, { q, school, page: query.page }) : null;
    sendStaffPage(res, 200, searchPage({ ...this.frame(req, res, current.staff), q, school, result }));
  }

  @Get('dashboard')
  async today(@Req() req: Request, @Res() res: Response) {
    const current = await this.staffOrSignIn(req, res);
    if (!current) return;
    const counts = await this.dashboard.execute(current.staff);
    sendStaffPage(res, 200, dashboardPage({ ...this.frame(req, res, current.staff), counts }));
  }

  @Get('accounts/:sub')
  async account(
    @Param('sub') sub: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('done') done?: unknown,
  ) {
    const current = await this.staffOrSignIn(req, res);
    if (!current) return;
    const frame = this.frame(req, res, current.staff);
    const detail = await this.details.load(current.staff, sub);
    const message =
      typeof done === 'string' && (ACTIONS as readonly string[]).includes(done) && done !== 'issue-activation'
        ? t(frame.locale, `action.done.${done as Exclude<ActionName, 'issue-activation'>}`)
        : undefined;
    sendStaffPage(res, 200, accountPage({ ...frame, detail, message }));
  }

  @Post('accounts/:sub/:action')
  async act(
    @Param('sub') sub: string,
    @Param('action') action: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const current = await this.sessions.current(req);
    const locale = pageLocale(req);
    if (!current) return res.redirect(303, '/');
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (!this.csrf.valid(req, form.csrf))
      return sendMessage(req, res, 403, t(locale, 'admin.csrfTitle'), t(locale, 'admin.csrf'));
    await this.limits.take(action === 'reveal' ? 'reveal' : 'action', req, current.staff);
    const who = this.who(req, current.staff);
    if (action === 'reveal') return this.reveal(req, res, current, who, sub, form);
    if (!(ACTIONS as readonly string[]).includes(action))
      return sendMessage(
        req,
        res,
        404,
        t(locale, 'admin.notFoundTitle'),
        t(locale, 'admin.notFound', { path: req.path }),
      );
    const { letter } = await this.actions.perform(who, sub, action as ActionName, form);
    if (letter)
      return sendPage(
        res,
        200,
        letterPage({
          locale,
          letter,
          activationUrl: `${config.issuer}/activate`,
          switchLocaleHref: switchHref(req, locale),
        }),
      );
    res.redirect(303, `/accounts/${encodeURIComponent(sub)}?done=${action}`);
  }

  /** Superadmin only, after signing in again (every factor) within the last five minutes. */
  private async reveal(
    req: Request,
    res: Response,
    current: { session: StaffSession; staff: StaffMember },
    who: StaffRequest,
    sub: string,
    form: Record<string, unknown>,
  ) {
    const frame = this.frame(req, res, current.staff);
    if (!this.sessions.fresh(current.session, SESSION.freshSeconds)) {
      const detail = await this.details.load(current.staff, sub); // scope first: no re-auth for others' ids
      const reauthHref = `/sign-in?fresh=1&to=${encodeURIComponent(`/accounts/${detail.account.sub}`)}`;
      return sendStaffPage(
        res,
        200,
        accountPage({ ...frame, detail, error: t(frame.locale, 'action.reauth'), reauthHref }),
      );
    }
    const id = await this.actions.revealNationalId(who, sub, form);
    const detail = await this.details.load(current.staff, sub);
    sendStaffPage(
      res,
      200,
      accountPage({ ...frame, detail, message: t(frame.locale, 'action.revealed', { id: id ?? '—' }) }),
    );
  }

  private async staffOrSignIn(req: Request, res: Response) {
    const current = await this.sessions.current(req);
    if (!current) res.redirect(303, `/sign-in?to=${encodeURIComponent(req.path)}`);
    return current;
  }

  private frame(req: Request, res: Response, staff: StaffMember) {
    const locale = pageLocale(req);
    return { locale, staff, csrf: this.csrf.token(req, res), switchLocaleHref: switchHref(req, locale) };
  }

  private who(req: Request, staff: StaffMember): StaffRequest {
    return { staff, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
  }
}
