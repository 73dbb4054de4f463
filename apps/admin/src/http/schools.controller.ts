import {
  ArgumentsHost,
  Catch,
  Controller,
  ForbiddenException,
  Get,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type ExceptionFilter,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { EditSchoolUseCase, ImportSchoolsUseCase, SearchSchoolsUseCase, type SchoolHit } from '#directory';
import { mayEditSchool, mayOpen, type StaffMember } from '#helpdesk';
import { DomainError, NotFound, ValidationFailed } from '#identity-core';
import { actorOf } from '../actions/helpdesk-actions.service.js';
import { t } from '../i18n/index.js';
import {
  SCHOOL_IMPORT_MAX_MB,
  schoolEditPage,
  schoolImportPage,
  schoolsPage,
} from '../pages/schools.page.js';
import { PortalGuard } from './portal-guard.js';
import { pageLocale, sendMessage, sendStaffPage } from './staff-pages.js';
import { UploaderOnly } from './upload-error.filter.js';

const EDUID = /^[0-9A-Za-z]{1,16}$/;

const SchoolListUploaderOnly = UploaderOnly((staff) => mayOpen(staff, 'schools-import'));

/** multer's "too large" as the portal's page (413), not Nest's JSON; no session: the landing page. */
@Catch(PayloadTooLargeException, ForbiddenException)
class UploadTooLargeFilter implements ExceptionFilter {
  catch(e: PayloadTooLargeException | ForbiddenException, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (e instanceof ForbiddenException) return res.redirect(303, '/');
    const locale = pageLocale(req);
    sendMessage(
      req,
      res,
      413,
      t(locale, 'admin.badRequestTitle'),
      t(locale, 'school.tooLarge', { mb: SCHOOL_IMPORT_MAX_MB }),
    );
  }
}

/**
 * `/schools`: every role searches; editing is `mayEditSchool` (county admins their county's
 * schools, school admins their own, helpdesk none), checked again under the row lock; the
 * ministry's list is imported by a superadmin (multipart upload, capped, UTF-8 or Big5).
 */
@Controller('schools')
export class SchoolsController {
  constructor(
    private readonly guard: PortalGuard,
    private readonly search: SearchSchoolsUseCase,
    private readonly editSchool: EditSchoolUseCase,
    private readonly importSchools: ImportSchoolsUseCase,
  ) {}

  @Get()
  async index(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const staff = await this.guard.page(req, res, 'schools');
    if (!staff) return;
    const q = typeof query.q === 'string' ? query.q.slice(0, 64) : '';
    const county = typeof query.county === 'string' ? query.county.slice(0, 32) : '';
    const result = await this.search.execute({ q, county, page: query.page });
    sendStaffPage(res, 200, schoolsPage({ ...this.guard.frame(req, res, staff), q, county, result }));
  }

  @Get('import')
  async importForm(@Req() req: Request, @Res() res: Response) {
    const staff = await this.guard.page(req, res, 'schools-import');
    if (!staff) return;
    sendStaffPage(res, 200, schoolImportPage(this.guard.frame(req, res, staff)));
  }

  @Post('import')
  @UseFilters(UploadTooLargeFilter)
  @UseGuards(SchoolListUploaderOnly)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: SCHOOL_IMPORT_MAX_MB * 1024 * 1024, files: 1 } }),
  )
  async upload(
    @Req() req: Request,
    @Res() res: Response,
    @UploadedFile() file: { buffer: Buffer; size: number } | undefined,
  ) {
    const p = await this.guard.post(req, res, 'schools-import');
    if (!p) return;
    const frame = this.guard.frame(req, res, p.staff);
    if (!file?.size)
      return sendStaffPage(
        res,
        400,
        schoolImportPage({ ...frame, error: t(frame.locale, 'school.fileMissing') }),
      );
    try {
      const report = await this.importSchools.execute({ content: file.buffer, actor: actorOf(p.staff) });
      sendStaffPage(res, 200, schoolImportPage({ ...frame, report }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const error =
        e.code === 'import_invalid'
          ? t(frame.locale, 'school.fileInvalid', { message: e.message })
          : t(frame.locale, 'admin.badRequest');
      sendStaffPage(res, 400, schoolImportPage({ ...frame, error }));
    }
  }

  @Get(':eduid')
  async show(
    @Param('eduid') eduid: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('done') done?: unknown,
  ) {
    const staff = await this.guard.page(req, res, 'schools');
    if (!staff) return;
    const school = await this.editable(staff, eduid);
    const frame = this.guard.frame(req, res, staff);
    const message =
      done === 'saved'
        ? t(frame.locale, 'school.saved')
        : done === 'unchanged'
          ? t(frame.locale, 'school.unchanged')
          : undefined;
    sendStaffPage(res, 200, schoolEditPage({ ...frame, school, errors: [], message }));
  }

  @Post(':eduid')
  async save(@Param('eduid') eduid: string, @Req() req: Request, @Res() res: Response) {
    const p = await this.guard.post(req, res, 'schools');
    if (!p) return;
    const school = await this.editable(p.staff, eduid);
    const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
    const form = {
      name: str(p.form.name, 200),
      // County and school admins keep the school where it is, whatever is posted.
      county: p.staff.role === 'superadmin' ? str(p.form.county, 64) : school.county,
      status: str(p.form.status, 16),
    };
    try {
      const outcome = await this.editSchool.execute({
        eduid: school.eduid,
        ...form,
        allowed: (s, county) => mayEditSchool(p.staff, s, county),
        actor: actorOf(p.staff),
        ip: p.who.ip,
      });
      res.redirect(303, `/schools/${school.eduid}?done=${outcome === 'updated' ? 'saved' : 'unchanged'}`);
    } catch (e) {
      if (e instanceof NotFound) throw new NotFoundException();
      if (!(e instanceof ValidationFailed)) throw e;
      const frame = this.guard.frame(req, res, p.staff);
      const errors = [...new Set(e.problems.map((x) => x.field))].map((f) => ({
        message: t(
          frame.locale,
          f === 'name' ? 'school.err.name' : f === 'county' ? 'school.err.county' : 'school.err.status',
        ),
      }));
      const shown = { ...school, name: form.name, county: form.county, status: school.status };
      sendStaffPage(res, 400, schoolEditPage({ ...frame, school: shown, errors }));
    }
  }

  /** The school when this staff member may edit it; otherwise the 404 of an unknown page. */
  private async editable(staff: StaffMember, eduid: string): Promise<SchoolHit> {
    if (!EDUID.test(eduid)) throw new NotFoundException();
    const school = await this.search.one(eduid);
    if (!school || !mayEditSchool(staff, school)) throw new NotFoundException();
    return school;
  }
}
