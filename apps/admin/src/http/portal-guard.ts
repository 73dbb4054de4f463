import { Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { mayOpen, type PortalPage, type StaffMember } from '#helpdesk';
import { CsrfService } from '#web';
import type { StaffRequest } from '../actions/helpdesk-actions.service.js';
import { t } from '../i18n/index.js';
import type { FrameModel } from '../pages/frame.js';
import { StaffSessionService } from '../session/staff-session.service.js';
import { pageLocale, sendMessage, switchHref } from './staff-pages.js';

/**
 * The configuration pages' door: a signed-in staff member whose role may open the page, else the
 * sign-in (GET) or the portal's 404 (the same page as an unknown address, so a role learns nothing
 * of pages that are not theirs); every POST also needs its CSRF field.
 */
@Injectable()
export class PortalGuard {
  constructor(
    private readonly sessions: StaffSessionService,
    private readonly csrf: CsrfService,
  ) {}

  /** For a GET: the staff member, or null after redirecting to the sign-in. */
  async page(req: Request, res: Response, page: PortalPage): Promise<StaffMember | null> {
    const current = await this.sessions.current(req);
    if (!current) {
      res.redirect(303, `/sign-in?to=${encodeURIComponent(req.path)}`);
      return null;
    }
    if (!mayOpen(current.staff, page)) throw new NotFoundException();
    return current.staff;
  }

  /** For a POST: the staff member and the form, or null once the answer went out (signed out, CSRF). */
  async post(
    req: Request,
    res: Response,
    page: PortalPage,
  ): Promise<{ staff: StaffMember; form: Record<string, unknown>; who: StaffRequest } | null> {
    const current = await this.sessions.current(req);
    if (!current) {
      res.redirect(303, '/');
      return null;
    }
    if (!mayOpen(current.staff, page)) throw new NotFoundException();
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (!this.csrf.valid(req, form.csrf)) {
      const locale = pageLocale(req);
      sendMessage(req, res, 403, t(locale, 'admin.csrfTitle'), t(locale, 'admin.csrf'));
      return null;
    }
    const who = { staff: current.staff, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
    return { staff: current.staff, form, who };
  }

  frame(req: Request, res: Response, staff: StaffMember): FrameModel {
    const locale = pageLocale(req);
    return { locale, staff, csrf: this.csrf.token(req, res), switchLocaleHref: switchHref(req, locale) };
  }
}
