import { ArgumentsHost, Catch, NotFoundException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { localeSwitchHref, messagePage, requestLocale, sendPage } from '#web';
import { t } from '../i18n/index.js';

const MAX_SHOWN = 200;

/**
 * A browser that opens an unknown address gets a page in the portal's style naming it (so staff
 * can tell the helpdesk what they typed; escaped like every value); other clients get JSON.
 */
@Catch(NotFoundException)
export class NotFoundFilter implements ExceptionFilter {
  catch(_error: NotFoundException, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (!req.accepts('html'))
      return res.status(404).setHeader('Cache-Control', 'no-store').json({ error: 'not_found' });
    const locale = requestLocale(req);
    const path = req.path.length > MAX_SHOWN ? `${req.path.slice(0, MAX_SHOWN)}…` : req.path;
    sendPage(
      res,
      404,
      messagePage({
        locale,
        title: t(locale, 'admin.notFoundTitle'),
        message: t(locale, 'admin.notFound', { path }),
        switchLocaleHref: localeSwitchHref(req.path, locale),
      }),
    );
  }
}
