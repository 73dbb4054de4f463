import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService, DomainError } from '#identity-core';
import {
  ListFailedNotificationsUseCase,
  RequeueAllNotificationsUseCase,
  RequeueNotificationUseCase,
} from '#notifications';
import { actorOf, type StaffRequest } from '../actions/helpdesk-actions.service.js';
import { t } from '../i18n/index.js';
import { notificationsPage } from '../pages/notifications.page.js';
import { PortalGuard } from './portal-guard.js';
import { sendStaffPage } from './staff-pages.js';

const count = (v: unknown) => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : 0);

/** `/notifications`: what did not go out, sending it again (one or all); superadmin and helpdesk. */
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly guard: PortalGuard,
    private readonly list: ListFailedNotificationsUseCase,
    private readonly requeueOne: RequeueNotificationUseCase,
    private readonly requeueAll: RequeueAllNotificationsUseCase,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, unknown>) {
    const staff = await this.guard.page(req, res, 'notifications');
    if (!staff) return;
    const frame = this.guard.frame(req, res, staff);
    const list = await this.list.execute({ limit: 200, recipients: true });
    const message =
      'requeued' in q
        ? t(frame.locale, 'notif.done', { requeued: count(q.requeued), refused: count(q.refused) })
        : undefined;
    sendStaffPage(res, 200, notificationsPage({ ...frame, list, message }));
  }

  @Post('requeue')
  async one(@Req() req: Request, @Res() res: Response) {
    const p = await this.guard.post(req, res, 'notifications');
    if (!p) return;
    const key = typeof p.form.key === 'string' ? p.form.key : '';
    let requeued = 0;
    try {
      await this.requeueOne.execute({ key, actor: actorOf(p.staff) });
      requeued = 1;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
    await this.record(p.who, 'helpdesk.notifications-requeue', requeued, 1 - requeued, key);
    res.redirect(303, `/notifications?requeued=${requeued}&refused=${1 - requeued}`);
  }

  @Post('requeue-all')
  async all(@Req() req: Request, @Res() res: Response) {
    const p = await this.guard.post(req, res, 'notifications');
    if (!p) return;
    const r = await this.requeueAll.execute({ actor: actorOf(p.staff) });
    await this.record(p.who, 'helpdesk.notifications-requeue-all', r.requeued.length, r.refused.length);
    res.redirect(303, `/notifications?requeued=${r.requeued.length}&refused=${r.refused.length}`);
  }

  /** One event per staff action, naming them and the counts (each requeue has its own event too). */
  private record(who: StaffRequest, action: string, requeued: number, refused: number, key?: string) {
    return this.audit.record({
      actor: actorOf(who.staff),
      action,
      target: key ? `notification:${key}`.slice(0, 128) : 'notifications',
      result: requeued ? 'success' : 'failure',
      ip: who.ip,
      userAgent: who.userAgent,
      details: { role: who.staff.role, requeued, refused },
    });
  }
}
