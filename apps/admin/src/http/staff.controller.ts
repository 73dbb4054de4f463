import { Controller, Get, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GrantStaffRoleUseCase, ListStaffUseCase, RevokeStaffRoleUseCase, type StaffMember } from '#helpdesk';
import { NotFound, normalizeLogin, ValidationFailed } from '#identity-core';
import { CsrfService } from '#web';
import { actorOf } from '../actions/helpdesk-actions.service.js';
import { t } from '../i18n/index.js';
import { PortalRateLimits } from '../limits/portal-rate-limits.js';
import { staffPage, type StaffPageModel } from '../pages/staff.page.js';
import { SESSION } from '../session/session.constants.js';
import { StaffDraftStore, type StaffDraft } from '../session/staff-draft.store.js';
import { StaffSessionService, type StaffSession } from '../session/staff-session.service.js';
import { pageLocale, sendMessage, sendStaffPage, switchHref } from './staff-pages.js';

const REASON_MAX = 500;
type Current = { session: StaffSession; staff: StaffMember };
type Outcome = Pick<StaffPageModel, 'message' | 'error' | 'reauthHref' | 'form' | 'revoking'>;

/**
 * Superadmin only (anyone else gets the portal's 404): the staff list, and grant and revoke
 * through the CLI's own use cases. Each change needs a sign-in at the idp within the last five
 * minutes (the national-ID reveal's `max_age=0` round trip), a reason, and is audited; a revoked
 * member's portal sessions end at once. A form sent while that sign-in is due comes back filled in
 * after it (StaffDraftStore).
 */
@Controller('staff')
export class StaffController {
  constructor(
    private readonly sessions: StaffSessionService,
    private readonly csrf: CsrfService,
    private readonly list: ListStaffUseCase,
    private readonly grantRole: GrantStaffRoleUseCase,
    private readonly revokeRole: RevokeStaffRoleUseCase,
    private readonly limits: PortalRateLimits,
    private readonly drafts: StaffDraftStore,
  ) {}

  @Get()
  async page(@Req() req: Request, @Res() res: Response, @Query('draft') draftId?: unknown) {
    const current = await this.superadmin(req, res);
    if (!current) return;
    const draft = draftId === undefined ? null : await this.drafts.take(current.staff.sub, draftId);
    if (!draft) return this.show(req, res, current, 200, {});
    const { action: _a, ...typed } = draft;
    await this.show(req, res, current, 200, {
      message: t(pageLocale(req), 'staff.draftKept'),
      ...(draft.action === 'grant' ? { form: typed } : { revoking: typed }),
    });
  }

  @Post('grant')
  async grant(@Req() req: Request, @Res() res: Response) {
    const ready = await this.change(req, res, 'grant');
    if (!ready) return;
    const { current, form, reason } = ready;
    const typed = {
      username: str(form.username),
      role: str(form.role),
      county: str(form.county),
      school: str(form.school),
    };
    const locale = pageLocale(req);
    if (this.isSelf(current.staff, typed.username))
      return this.show(req, res, current, 409, { error: t(locale, 'staff.self'), form: typed });
    try {
      await this.grantRole.execute({
        username: typed.username,
        role: typed.role,
        county: typed.county,
        schoolId: typed.school,
        actor: actorOf(current.staff),
        reason,
        ...this.origin(req),
      });
    } catch (e) {
      if (e instanceof NotFound)
        return this.show(req, res, current, 404, { error: t(locale, 'staff.noAccount'), form: typed });
      if (e instanceof ValidationFailed)
        return this.show(req, res, current, 400, { error: t(locale, 'staff.invalid'), form: typed });
      throw e;
    }
    await this.show(req, res, current, 200, {
      message: t(locale, 'staff.granted', { username: typed.username }),
    });
  }

  @Post('revoke')
  async revoke(@Req() req: Request, @Res() res: Response) {
    const ready = await this.change(req, res, 'revoke');
    if (!ready) return;
    const { current, form, reason } = ready;
    const locale = pageLocale(req);
    const username = str(form.username);
    if (this.isSelf(current.staff, username))
      return this.show(req, res, current, 409, { error: t(locale, 'staff.self') });
    // Looked up before: once revoked, the member is no longer on the list (their sub ends their sessions).
    const member = (await this.list.list()).find((s) => s.username === normalizeLogin(username));
    let revoked = false;
    try {
      revoked = (
        await this.revokeRole.execute({
          username,
          actor: actorOf(current.staff),
          reason,
          ...this.origin(req),
        })
      ).revoked;
    } catch (e) {
      if (e instanceof NotFound)
        return this.show(req, res, current, 404, { error: t(locale, 'staff.noAccount') });
      throw e;
    }
    if (revoked && member) await this.sessions.endAllOf(member.sub);
    await this.show(req, res, current, 200, {
      message: t(locale, revoked ? 'staff.revoked' : 'staff.notRevoked', { username }),
    });
  }

  /**
   * The checks every change passes: superadmin, CSRF, a fresh sign-in, a reason. When the sign-in
   * is due, what was typed is kept and the way back from the idp leads to it.
   */
  private async change(req: Request, res: Response, action: StaffDraft['action']) {
    const current = await this.superadmin(req, res);
    if (!current) return null;
    const locale = pageLocale(req);
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (!this.csrf.valid(req, form.csrf)) {
      sendMessage(req, res, 403, t(locale, 'admin.csrfTitle'), t(locale, 'admin.csrf'));
      return null;
    }
    await this.limits.take('staff-change', req, current.staff);
    if (!this.sessions.fresh(current.session, SESSION.freshSeconds)) {
      const draft = draftOf(action, form);
      const id = await this.drafts.put(current.staff.sub, draft);
      const { action: _a, ...typed } = draft;
      await this.show(req, res, current, 200, {
        error: t(locale, 'staff.reauth'),
        reauthHref: `/sign-in?fresh=1&to=${encodeURIComponent(`/staff?draft=${id}`)}`,
        ...(action === 'grant' ? { form: typed } : { revoking: typed }),
      });
      return null;
    }
    const reason = str(form.reason);
    if (!reason || reason.length > REASON_MAX) {
      await this.show(req, res, current, 400, { error: t(locale, 'staff.reasonMissing') });
      return null;
    }
    return { current, form, reason };
  }

  /** Anyone but a superadmin: the same 404 as a page that does not exist. */
  private async superadmin(req: Request, res: Response): Promise<Current | null> {
    const current = await this.sessions.current(req);
    if (!current) {
      res.redirect(303, `/sign-in?to=${encodeURIComponent('/staff')}`);
      return null;
    }
    if (current.staff.role !== 'superadmin') throw new NotFoundException();
    return current;
  }

  private isSelf(staff: StaffMember, username: string): boolean {
    return !!staff.username && normalizeLogin(username) === staff.username;
  }

  private origin(req: Request) {
    return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
  }

  private async show(req: Request, res: Response, current: Current, status: number, outcome: Outcome) {
    const locale = pageLocale(req);
    const members = await this.list.list();
    sendStaffPage(
      res,
      status,
      staffPage({
        locale,
        staff: current.staff,
        csrf: this.csrf.token(req, res),
        switchLocaleHref: switchHref(req, locale),
        members,
        ...outcome,
      }),
    );
  }
}

/** The fields of a grant or revoke form as typed (CSRF token aside). */
function draftOf(action: StaffDraft['action'], form: Record<string, unknown>): StaffDraft {
  const [username, reason] = [str(form.username), str(form.reason)];
  return action === 'grant'
    ? { action, username, role: str(form.role), county: str(form.county), school: str(form.school), reason }
    : { action, username, reason };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}
