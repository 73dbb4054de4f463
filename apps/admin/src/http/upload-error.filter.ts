import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  PayloadTooLargeException,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { t } from '../i18n/index.js';
import { pageLocale, sendMessage } from './staff-pages.js';

/** The portal's cap on one roster upload (the job itself takes up to ROSTER_MAX_BYTES from the CLI). */
export const ROSTER_UPLOAD_MAX_MB = 8;

/**
 * What multer refuses before the handler runs (a file over the cap, a second file, a broken
 * multipart body) as a page saying what to do, not Nest's JSON.
 */
@Catch(PayloadTooLargeException, BadRequestException)
export class UploadErrorFilter implements ExceptionFilter {
  catch(error: PayloadTooLargeException | BadRequestException, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
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
