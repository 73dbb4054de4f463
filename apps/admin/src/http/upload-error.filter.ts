import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ForbiddenException,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
  type CanActivate,
  type ExecutionContext,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { mayImportRosters } from '#helpdesk';
import { t } from '../i18n/index.js';
import { StaffSessionService } from '../session/staff-session.service.js';
import { pageLocale, sendMessage } from './staff-pages.js';

/** The portal's cap on one roster upload (the job itself takes up to ROSTER_MAX_BYTES from the CLI). */
export const ROSTER_UPLOAD_MAX_MB = 8;

/**
 * Only the upload of a signed-in staff member whose role imports rosters is read at all: guards
 * run before the interceptor that buffers the file, so a stranger's megabytes never reach memory,
 * and a role that may not open the page gets its 404 whatever the file's size (never the 413 that
 * would tell it the page is there).
 */
@Injectable()
export class RosterUploaderOnly implements CanActivate {
  constructor(private readonly sessions: StaffSessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const current = await this.sessions.current(context.switchToHttp().getRequest<Request>());
    if (!current) throw new ForbiddenException();
    if (!mayImportRosters(current.staff)) throw new NotFoundException();
    return true;
  }
}

/**
 * What is refused before the handler runs (no session; from multer: a file over the cap, a
 * second file, a broken multipart body) as a redirect or a page saying what to do, not Nest's JSON.
 */
@Catch(PayloadTooLargeException, BadRequestException, ForbiddenException)
export class UploadErrorFilter implements ExceptionFilter {
  catch(error: PayloadTooLargeException | BadRequestException | ForbiddenException, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof ForbiddenException) return res.redirect(303, '/');
    const locale = pageLocale(req);
    const tooLarge = error instanceof PayloadTooLargeException;
    sendMessage(
      req,
      res,
      tooLarge ? 413 : 400,
      t(locale, 'imports.refusedTitle'),
      tooLarge ? t(locale, 'imports.tooLarge', { mb: ROSTER_UPLOAD_MAX_MB }) : t(locale, 'imports.notCsv'),
    );
  }
}
