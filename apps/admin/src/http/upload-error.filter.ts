import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ForbiddenException,
  Injectable,
  mixin,
  NotFoundException,
  PayloadTooLargeException,
  type Type,
  type CanActivate,
  type ExecutionContext,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { mayImportRosters, type StaffMember } from '#helpdesk';
import { t } from '../i18n/index.js';
import { StaffSessionService } from '../session/staff-session.service.js';
import { pageLocale, sendMessage } from './staff-pages.js';

/** The portal's cap on one roster upload (the job itself takes up to ROSTER_MAX_BYTES from the CLI). */
export const ROSTER_UPLOAD_MAX_MB = 8;

/**
 * The door of an upload route, as a guard: guards run before the interceptor that buffers the
 * file, so only the upload of a signed-in staff member whose role `may` is read at all. A
 * stranger's megabytes never reach memory (ForbiddenException: the route's filter sends them to
 * the landing page), and a role that may not open the page gets the portal's 404 whatever the
 * file's size (never the 413 that would tell it the page is there).
 */
export function UploaderOnly(may: (staff: StaffMember) => boolean): Type<CanActivate> {
  @Injectable()
  class Uploader implements CanActivate {
    constructor(private readonly sessions: StaffSessionService) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const current = await this.sessions.current(context.switchToHttp().getRequest<Request>());
      if (!current) throw new ForbiddenException();
      if (!may(current.staff)) throw new NotFoundException();
      return true;
    }
  }
  return mixin(Uploader);
}

/** `/imports`: the roles that import rosters. */
export const RosterUploaderOnly = UploaderOnly(mayImportRosters);

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
