import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ForbiddenException,
  Injectable,
  PayloadTooLargeException,
  type CanActivate,
  type ExecutionContext,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { t } from '../i18n/index.js';
import { StaffSessionService } from '../session/staff-session.service.js';
import { pageLocale, sendMessage } from './staff-pages.js';

/** The portal's cap on one roster upload (the job itself takes up to ROSTER_MAX_BYTES from the CLI). */
export const ROSTER_UPLOAD_MAX_MB = 8;

/**
 * Only a signed-in staff member's upload is read at all: guards run before the interceptor that
 * buffers the file, so a stranger's megabytes never reach memory.
 */
@Injectable()
export class SignedInForUpload implements CanActivate {
  constructor(private readonly sessions: StaffSessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (await this.sessions.current(context.switchToHttp().getRequest<Request>())) return true;
    throw new ForbiddenException();
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
