import { ArgumentsHost, Catch, NotFoundException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OutOfScope } from '#helpdesk';
import {
  DomainError,
  InvalidStateTransition,
  NotFound,
  TooManyAttempts,
  ValidationFailed,
} from '#identity-core';
import { t } from '../i18n/index.js';
import { ActionNotPossible } from '../actions/helpdesk-actions.service.js';
import { pageLocale, sendMessage } from './staff-pages.js';

const MAX_SHOWN = 200;

/**
 * The portal's one map from errors to pages. An account outside the staff member's scope is the
 * same 404 as an unknown one (ids probed from another county reveal nothing); bad input is a 400
 * page naming what to fix, never a stack trace. Other clients than browsers get JSON.
 */
@Catch(NotFoundException, DomainError)
export class AdminErrorFilter implements ExceptionFilter {
  catch(error: NotFoundException | DomainError, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const locale = pageLocale(req);
    const [status, title, message] = this.describe(error, req, locale);
    if (error instanceof TooManyAttempts && error.retryAfterSeconds)
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (!req.accepts('html'))
      return res
        .status(status)
        .setHeader('Cache-Control', 'no-store')
        .json({ error: jsonCode(status, error) });
    sendMessage(req, res, status, title, message);
  }

  private describe(
    error: NotFoundException | DomainError,
    req: Request,
    locale: 'zh-TW' | 'en',
  ): [number, string, string] {
    if (error instanceof NotFoundException) {
      const path = req.path.length > MAX_SHOWN ? `${req.path.slice(0, MAX_SHOWN)}…` : req.path;
      return [404, t(locale, 'admin.notFoundTitle'), t(locale, 'admin.notFound', { path })];
    }
    if (error instanceof OutOfScope || error instanceof NotFound)
      return [404, t(locale, 'admin.noAccountTitle'), t(locale, 'admin.noAccount')];
    if (error instanceof ValidationFailed) {
      const field = error.problems[0]?.field;
      const message =
        field === 'reason'
          ? t(locale, 'action.reasonMissing')
          : field === 'checklist'
            ? t(locale, 'action.checklistMissing')
            : t(locale, 'admin.badRequest');
      return [400, t(locale, 'admin.badRequestTitle'), message];
    }
    if (error instanceof ActionNotPossible || error instanceof InvalidStateTransition)
      return [409, t(locale, 'admin.badRequestTitle'), t(locale, 'action.notPossible')];
    if (error instanceof TooManyAttempts)
      return [429, t(locale, 'admin.tooManyTitle'), tooManyMessage(locale, error.retryAfterSeconds)];
    return [400, t(locale, 'admin.badRequestTitle'), t(locale, 'admin.badRequest')];
  }
}

/**
 * The JSON error of a non-browser client: what happened, in the idp's words for the same error
 * (its filter answers a DomainError with its stable code, here `too_many_attempts`).
 */
function jsonCode(status: number, error: NotFoundException | DomainError): string {
  if (status === 404) return 'not_found';
  if (error instanceof TooManyAttempts) return error.code;
  return 'bad_request';
}

/** The 429 page's words: what happened, and how long to wait (whole minutes, at least one). */
function tooManyMessage(locale: 'zh-TW' | 'en', retryAfterSeconds: number | null): string {
  const wait = retryAfterSeconds
    ? ` ${t(locale, 'limit.wait', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) })}`
    : '';
  return `${t(locale, 'admin.tooMany')}${wait}`;
}
