import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ValidationFailed } from '#identity-core';
import { CsrfService } from '#web';
import type { StaffRequest } from '../actions/helpdesk-actions.service.js';
import { StaffSessionService } from '../session/staff-session.service.js';
import type { StaffMember } from '#helpdesk';
import { t } from '../i18n/index.js';
import { pageLocale, sendMessage, switchHref } from './staff-pages.js';

const REASON_MAX = 500;

/** What the portal's newer controllers share: the signed-in staff member, the frame, CSRF, a reason. */
@Injectable()
export class StaffFrame {
  constructor(
    private readonly sessions: StaffSessionService,
    private readonly csrf: CsrfService,
  ) {}

  /** The staff member, or (answered) a redirect to sign in and come back. */
  async staffOrSignIn(req: Request, res: Response): Promise<StaffMember | null> {
    const current = await this.sessions.current(req);
    if (!current) res.redirect(303, `/sign-in?to=${encodeURIComponent(req.path)}`);
    return current?.staff ?? null;
  }

  /** For a form post: the staff member with a valid CSRF field, or (answered) null. */
  async staffForPost(
    req: Request,
    res: Response,
    form: Record<string, unknown>,
  ): Promise<StaffMember | null> {
    const current = await this.sessions.current(req);
    if (!current) {
      res.redirect(303, '/');
      return null;
    }
    if (!this.csrf.valid(req, form.csrf)) {
      const locale = pageLocale(req);
      sendMessage(req, res, 403, t(locale, 'admin.csrfTitle'), t(locale, 'admin.csrf'));
      return null;
    }
    return current.staff;
  }

  frame(req: Request, res: Response, staff: StaffMember) {
    const locale = pageLocale(req);
    return { locale, staff, csrf: this.csrf.token(req, res), switchLocaleHref: switchHref(req, locale) };
  }

  who(req: Request, staff: StaffMember): StaffRequest {
    return { staff, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
  }
}

/** A required reason of at most 500 characters (the error page says "give a reason"). */
export function requiredReason(value: unknown): string {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (!reason || [...reason].length > REASON_MAX)
    throw new ValidationFailed([{ field: 'reason', code: 'required' }]);
  return reason;
}

/** `?page=` as 1… (anything else is page 1). */
export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(n, 1);
}
