import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ApplicationRefused,
  ApproveApplicationUseCase,
  ListApplicationsUseCase,
  RejectApplicationUseCase,
  type ApplicationScope,
} from '#activation';
import { mayDecideApplications, scopeOf, type StaffMember } from '#helpdesk';
import { actorOf } from '../actions/helpdesk-actions.service.js';
import { t } from '../i18n/index.js';
import { applicationPage, applicationsPage } from '../pages/applications.page.js';
import { sendStaffPage } from './staff-pages.js';
import { pageNumber, requiredReason, StaffFrame } from './staff-frame.js';

const PAGE_SIZE = 20;
const ID = /^\d{1,19}$/;

/**
 * The applications (申請) queue. Scope is the use cases' (applications belong to no county or
 * school: only nationwide roles see any); who may decide is #helpdesk's `mayDecideApplications`.
 * An application out of reach, or a decision not the staff member's, is the same 404 as an
 * unknown id, whether the id came in the URL or a form.
 */
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly staff: StaffFrame,
    private readonly list: ListApplicationsUseCase,
    private readonly approve: ApproveApplicationUseCase,
    private readonly reject: RejectApplicationUseCase,
  ) {}

  @Get()
  async queue(@Req() req: Request, @Res() res: Response, @Query('page') pageParam?: unknown) {
    const staff = await this.staff.staffOrSignIn(req, res);
    if (!staff) return;
    const page = pageNumber(pageParam);
    const found = await this.list.execute({
      scope: applicationScope(staff),
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE + 1,
    });
    const frame = this.staff.frame(req, res, staff);
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    const doneId = typeof req.query.id === 'string' && ID.test(req.query.id) ? req.query.id : '';
    const message =
      doneId && (done === 'approved' || done === 'rejected')
        ? t(frame.locale, `apps.${done}`, { id: doneId })
        : undefined;
    sendStaffPage(
      res,
      200,
      applicationsPage({
        ...frame,
        applications: found.slice(0, PAGE_SIZE),
        page,
        hasNext: found.length > PAGE_SIZE,
        mayDecide: mayDecideApplications(staff),
        message,
      }),
    );
  }

  @Get(':id')
  async one(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staff.staffOrSignIn(req, res);
    if (!staff) return;
    const application = await this.find(staff, id);
    sendStaffPage(
      res,
      200,
      applicationPage({
        ...this.staff.frame(req, res, staff),
        application,
        mayDecide: mayDecideApplications(staff),
      }),
    );
  }

  @Post(':id/:decision')
  async decide(
    @Param('id') id: string,
    @Param('decision') decision: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const staff = await this.staff.staffForPost(req, res, form);
    if (!staff) return;
    if (decision !== 'approve' && decision !== 'reject') throw new NotFoundException();
    // Scope before anything else: an id out of reach answers 404 even with a bad reason.
    const application = await this.find(staff, id);
    if (!mayDecideApplications(staff)) throw new NotFoundException();
    const reason = requiredReason(form.reason);
    const cmd = { id: application.id, reason, reviewer: actorOf(staff), scope: applicationScope(staff) };
    try {
      if (decision === 'approve') await this.approve.execute(cmd);
      else await this.reject.execute(cmd);
    } catch (e) {
      if (!(e instanceof ApplicationRefused)) throw e;
      const frame = this.staff.frame(req, res, staff);
      const why = e.code === 'application_duplicate_account' ? 'duplicate_account' : 'not_pending';
      const fresh = await this.find(staff, id);
      return sendStaffPage(
        res,
        409,
        applicationPage({
          ...frame,
          application: fresh,
          mayDecide: true,
          error: t(frame.locale, `apps.refused.${why}`),
        }),
      );
    }
    res.redirect(
      303,
      `/applications?done=${decision === 'approve' ? 'approved' : 'rejected'}&id=${application.id}`,
    );
  }

  private async find(staff: StaffMember, id: string) {
    if (!ID.test(id)) throw new NotFoundException();
    const [application] = await this.list.execute({ id, status: 'all', scope: applicationScope(staff) });
    if (!application) throw new NotFoundException();
    return application;
  }
}

/** The staff member's reach over applications (the lib decides what each kind sees). */
const applicationScope = (staff: StaffMember): ApplicationScope => scopeOf(staff);
