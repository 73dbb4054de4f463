import {
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import {
  RosterImportProgressUseCase,
  RosterImportReportUseCase,
  StartRosterImportUseCase,
  type RosterScope,
} from '#activation';
import { mayImportRosters, scopeOf, type StaffMember } from '#helpdesk';
import { DomainError, ValidationFailed } from '#identity-core';
import { actorOf } from '../actions/helpdesk-actions.service.js';
import { t } from '../i18n/index.js';
import { importFormPage, importProgressPage } from '../pages/imports.page.js';
import { StaffFrame } from './staff-frame.js';
import { sendStaffPage } from './staff-pages.js';
import { ROSTER_UPLOAD_MAX_MB, RosterUploaderOnly, UploadErrorFilter } from './upload-error.filter.js';

const MAX_BYTES = ROSTER_UPLOAD_MAX_MB * 1024 * 1024;
/** What browsers send for a .csv (Excel on Windows says vnd.ms-excel; some say octet-stream). */
const CSV_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/octet-stream',
]);

/** Multer's view of the one uploaded file (memory storage). */
interface UploadedRoster {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/**
 * Bulk roster import: upload → the Bull job (StartRosterImportUseCase, which keeps the
 * uploader's scope so the worker refuses lines of other schools) → a progress page that needs no
 * script → the problem report. Only the uploader (or a superadmin) sees an import; another's is 404.
 */
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly staff: StaffFrame,
    private readonly start: StartRosterImportUseCase,
    private readonly progress: RosterImportProgressUseCase,
    private readonly report: RosterImportReportUseCase,
  ) {}

  @Get()
  async form(@Req() req: Request, @Res() res: Response) {
    const staff = await this.staff.staffOrSignIn(req, res);
    if (!staff) return;
    mustImport(staff);
    sendStaffPage(
      res,
      200,
      importFormPage({ ...this.staff.frame(req, res, staff), maxMb: ROSTER_UPLOAD_MAX_MB }),
    );
  }

  @Post()
  @UseFilters(UploadErrorFilter)
  @UseGuards(RosterUploaderOnly)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_BYTES, files: 1, fields: 4, parts: 5 } }),
  )
  async upload(@Req() req: Request, @Res() res: Response, @UploadedFile() file: UploadedRoster | undefined) {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const staff = await this.staff.staffForPost(req, res, form);
    if (!staff) return;
    mustImport(staff);
    const refuse = (status: number, message: string) =>
      sendStaffPage(
        res,
        status,
        importFormPage({ ...this.staff.frame(req, res, staff), maxMb: ROSTER_UPLOAD_MAX_MB, error: message }),
      );
    const locale = this.staff.frame(req, res, staff).locale;
    if (!file || !file.size) return refuse(400, t(locale, 'imports.noFile'));
    if (!/\.csv$/i.test(file.originalname) || !CSV_TYPES.has(file.mimetype.toLowerCase()))
      return refuse(415, t(locale, 'imports.notCsv'));
    try {
      const { id } = await this.start.execute({
        content: file.buffer,
        actor: actorOf(staff),
        fileName: file.originalname,
        scope: rosterScope(staff),
      });
      res.redirect(303, `/imports/${id}`);
    } catch (e) {
      if (e instanceof ValidationFailed)
        return refuse(413, t(locale, 'imports.tooLarge', { mb: ROSTER_UPLOAD_MAX_MB }));
      if (e instanceof DomainError && e.code === 'roster_invalid')
        return refuse(400, t(locale, 'imports.invalid', { detail: e.message }));
      if (e instanceof DomainError && e.code === 'queue_unavailable')
        return refuse(503, t(locale, 'imports.queueDown'));
      throw e;
    }
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staff.staffOrSignIn(req, res);
    if (!staff) return;
    const view = await this.progress.execute({ id: idOrNone(id), owner: owner(staff) });
    res.setHeader('Cache-Control', 'no-store');
    sendStaffPage(res, 200, importProgressPage({ ...this.staff.frame(req, res, staff), view }));
  }

  /** The row-level report; spreadsheet formulas are neutralised by the lib (problemReportCsv). */
  @Get(':id/report.csv')
  async download(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staff.staffOrSignIn(req, res);
    if (!staff) return;
    const { fileName, csv } = await this.report.execute({ id: idOrNone(id), owner: owner(staff) });
    res
      .status(200)
      .setHeader('Content-Type', 'text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${fileName}"`)
      .setHeader('Cache-Control', 'no-store')
      .setHeader('X-Content-Type-Options', 'nosniff')
      .send(csv);
  }
}

/** A role that does not import rosters gets the portal's 404 (the page is not there for it). */
function mustImport(staff: StaffMember): void {
  if (!mayImportRosters(staff)) throw new NotFoundException();
}

const rosterScope = (staff: StaffMember): RosterScope => scopeOf(staff);

/** A superadmin sees every import; anyone else only their own (another's answers 404). */
const owner = (staff: StaffMember): string | undefined =>
  staff.role === 'superadmin' ? undefined : actorOf(staff);

/** A malformed id is simply one that does not exist (404, not 400). */
const idOrNone = (id: string): string => (/^\d{1,19}$/.test(id) ? id : '0');
