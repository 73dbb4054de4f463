import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IssueActivationCodesUseCase, type RosterScope } from '#activation';
import { mayImportRosters, scopeOf, type StaffMember } from '#helpdesk';
import { AuditService, ValidationFailed } from '#identity-core';
import { sendPage } from '#web';
import { actorOf } from '../actions/helpdesk-actions.service.js';
import { config } from '../config/config.js';
import { t } from '../i18n/index.js';
import { classLettersFormPage, classLettersPage, type ClassForm } from '../pages/class-letters.page.js';
import { requiredReason, StaffFrame } from './staff-frame.js';
import { sendMessage, sendStaffPage } from './staff-pages.js';

const SCHOOL = /^[0-9A-Za-z]{1,16}$/;
const GRADE = /^\d{1,2}$/;
const CLASS_NO = /^[0-9A-Za-z]{1,8}$/;

/**
 * Activation letters for a class: new codes for its accounts not yet activated (earlier codes
 * revoked, as the single-account action does), audited by the use case per account and once
 * here with the reason. The school must be in the staff member's scope (else 404, in the use case).
 */
@Controller('letters')
export class LettersController {
  constructor(
    private readonly staff: StaffFrame,
    private readonly issue: IssueActivationCodesUseCase,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async form(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const staff = await this.staff.staffOrSignIn(req, res);
    if (!staff || !this.allowed(req, res, staff)) return;
    const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 16) : '');
    const form = {
      school: text(query.school) || (staff.schoolId ?? ''),
      grade: text(query.grade),
      classNo: text(query.classNo),
    };
    sendStaffPage(res, 200, classLettersFormPage({ ...this.staff.frame(req, res, staff), form }));
  }

  @Post()
  async print(@Req() req: Request, @Res() res: Response) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const staff = await this.staff.staffForPost(req, res, body);
    if (!staff || !this.allowed(req, res, staff)) return;
    const form = readForm(body);
    const reason = requiredReason(body.reason);
    const actor = actorOf(staff);
    const result = await this.issue.execute({
      schoolId: form.school,
      grade: form.grade,
      classNo: form.classNo,
      replace: true,
      actor,
      scope: scopeOf(staff) as RosterScope,
    });
    const who = this.staff.who(req, staff);
    await this.audit.record({
      actor,
      action: 'helpdesk.class-letters',
      target: `school:${result.schoolId}`,
      result: 'success',
      ip: who.ip,
      userAgent: who.userAgent,
      details: {
        reason,
        role: staff.role,
        grade: form.grade,
        classNo: form.classNo,
        issued: result.issued.length,
      },
    });
    const { locale, switchLocaleHref } = this.staff.frame(req, res, staff);
    res.setHeader('Cache-Control', 'no-store');
    sendPage(
      res,
      200,
      classLettersPage({
        locale,
        result,
        form,
        activationUrl: `${config.issuer}/activate`,
        switchLocaleHref,
      }),
    );
  }

  private allowed(req: Request, res: Response, staff: StaffMember): boolean {
    if (mayImportRosters(staff)) return true;
    const locale = this.staff.frame(req, res, staff).locale;
    sendMessage(req, res, 403, t(locale, 'imports.refusedTitle'), t(locale, 'imports.notAllowed'));
    return false;
  }
}

function readForm(body: Record<string, unknown>): ClassForm {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const form = { school: text(body.school), grade: text(body.grade), classNo: text(body.classNo) };
  const problems = [
    ...(SCHOOL.test(form.school) ? [] : [{ field: 'school', code: 'format' }]),
    ...(GRADE.test(form.grade) ? [] : [{ field: 'grade', code: 'format' }]),
    ...(CLASS_NO.test(form.classNo) ? [] : [{ field: 'classNo', code: 'format' }]),
  ];
  if (problems.length) throw new ValidationFailed(problems);
  return form;
}
