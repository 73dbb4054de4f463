import { once } from 'node:events';
import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { readAuditFilters, SearchAuditUseCase, type StaffMember } from '#helpdesk';
import { CSV_BOM, csvLine, type AuditEventEntity } from '#identity-core';
import { CsrfService } from '#web';
import { t } from '../i18n/index.js';
import { PortalRateLimits } from '../limits/portal-rate-limits.js';
import { auditPage, eventCells } from '../pages/audit.page.js';
import { StaffSessionService } from '../session/staff-session.service.js';
import { pageLocale, sendMessage, sendStaffPage, switchHref } from './staff-pages.js';

/** Taipei wall-clock time, ISO-like, for the spreadsheet (the page shows the locale's own format). */
const taipei = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 23);

/** The audit log page and its CSV export. Thin: filters, scope and paging live in SearchAuditUseCase. */
@Controller('audit')
export class AuditController {
  constructor(
    private readonly sessions: StaffSessionService,
    private readonly csrf: CsrfService,
    private readonly auditLog: SearchAuditUseCase,
    private readonly limits: PortalRateLimits,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const current = await this.sessions.current(req);
    if (!current) return res.redirect(303, `/sign-in?to=${encodeURIComponent('/audit')}`);
    await this.limits.take('search', req, current.staff);
    const filters = readAuditFilters(query);
    const result = await this.auditLog.page(current.staff, filters, query.before);
    sendStaffPage(
      res,
      200,
      auditPage({
        ...this.frame(req, res, current.staff),
        filters,
        result,
        paged: typeof query.before === 'string' && query.before !== '',
      }),
    );
  }

  /** A POST (with its CSRF field): the export is recorded, so it is never a link a page can trigger. */
  @Post('export')
  async export(@Req() req: Request, @Res() res: Response) {
    const locale = pageLocale(req);
    const current = await this.sessions.current(req);
    if (!current) return res.redirect(303, '/audit');
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (!this.csrf.valid(req, form.csrf))
      return sendMessage(req, res, 403, t(locale, 'admin.csrfTitle'), t(locale, 'admin.csrf'));
    await this.limits.take('export', req, current.staff);
    const filters = readAuditFilters(form);
    const batches = this.auditLog.export(
      { staff: current.staff, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null },
      filters,
    );
    // The first batch (and the export's own audit event) before any header: an error is still a page.
    const first = await batches.next();
    const day = taipei(new Date()).slice(0, 10).replace(/-/g, '');
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-${day}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const write = async (chunk: string) => {
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    };
    await write(
      CSV_BOM +
        csvLine(
          (
            [
              'colId',
              'colWhen',
              'colWhat',
              'colAction',
              'colResult',
              'colWho',
              'colTarget',
              'colIp',
              'colReason',
            ] as const
          ).map((k) => t(locale, `audit.${k}`)),
        ),
    );
    const rows = (events: AuditEventEntity[]) =>
      events
        .map((e) => {
          const c = eventCells(locale, e);
          return csvLine([
            e.id,
            taipei(e.occurredAt),
            c.words,
            e.action,
            c.result,
            e.actor,
            e.target,
            e.ip,
            c.reason,
          ]);
        })
        .join('');
    if (!first.done) await write(rows(first.value));
    for await (const events of batches) {
      if (res.destroyed) break;
      await write(rows(events));
    }
    res.end();
  }

  private frame(req: Request, res: Response, staff: StaffMember) {
    const locale = pageLocale(req);
    return { locale, staff, csrf: this.csrf.token(req, res), switchLocaleHref: switchHref(req, locale) };
  }
}
