import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, TemporarilyUnavailable } from '#identity-core';
import { InteractionExpired } from '#oidc';
import { isInfrastructureFailure } from '#platform';
import { localeSwitchHref, messagePage, requestLocale, sendPage } from '#web';
import { t } from '../i18n/index.js';
import { errorPage } from '../pages/index.js';

/**
 * The idp's one mapping from errors to responses: pages for browsers, JSON for APIs.
 * Never a stack trace; unexpected errors are logged with the request id and shown generically.
 */
@Catch()
export class IdpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('idp');

  catch(error: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const locale = requestLocale(req);
    const switchLocaleHref = localeSwitchHref(req.path, locale);
    const wantsJson =
      req.path.startsWith('/moeresource/') || req.path.startsWith('/cncresource/') || !req.accepts('html');
    let status = 500;
    let code = 'server_error';
    if (error instanceof TemporarilyUnavailable || isInfrastructureFailure(error)) {
      // MySQL or Redis is not answering: try again later, not "something is broken".
      status = 503;
      code = 'temporarily_unavailable';
      res.setHeader('Retry-After', '30');
      this.logger.warn(`unavailable ${req.method} ${req.path}: ${describe(error)}`);
    } else if (error instanceof InteractionExpired) {
      status = 400;
      code = 'interaction_expired';
    } else if (error instanceof DomainError) {
      status = 400;
      code = error.code;
    } else if (error instanceof HttpException) {
      status = error.getStatus();
      code =
        status === 404
          ? 'not_found'
          : status === 413
            ? 'payload_too_large'
            : status === 415
              ? 'unsupported_media_type'
              : 'invalid_request';
    } else {
      this.logger.error(`unhandled ${req.method} ${req.path}: ${(error as Error)?.stack ?? String(error)}`);
    }
    res.status(status).setHeader('Cache-Control', 'no-store');
    if (wantsJson) return res.json({ error: code });
    if (code === 'interaction_expired') {
      return sendPage(
        res,
        status,
        messagePage({
          locale,
          title: t(locale, 'errors.expiredTitle'),
          message: t(locale, 'errors.expired'),
          switchLocaleHref,
          links: [{ href: '/', label: t(locale, 'errors.expiredOnward') }],
        }),
      );
    }
    const requestId = (req as { id?: unknown }).id;
    sendPage(
      res,
      status,
      errorPage({
        locale,
        error: code,
        switchLocaleHref,
        requestId: typeof requestId === 'string' ? requestId : undefined,
        at: new Date(),
      }),
    );
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const e = (cause ?? error) as { message?: unknown; code?: unknown };
  return [e?.code, e?.message].filter((v) => typeof v === 'string').join(' ') || String(e);
}
