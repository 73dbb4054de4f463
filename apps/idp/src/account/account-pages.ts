import type { Request, Response } from 'express';
import { localeSwitchHref, requestLocale, sendPage, type Locale } from '#web';
import { reauthPage } from '../pages/account-forms.page.js';
import type { AccountSession, AccountSessionService } from './account-session.service.js';

/** The page's language: `ui_locales` in the query, else the browser's. */
export function pageLocale(req: Request): Locale {
  return requestLocale(req, typeof req.query.ui_locales === 'string' ? req.query.ui_locales : undefined);
}

export function switchHref(req: Request, locale: Locale): string {
  return localeSwitchHref(req.path, locale);
}

/**
 * The holder's session, or null after sending the browser to sign in (and back to `req.path`).
 * `fresh`: the change needs a sign-in within the last 5 minutes; a GET goes to sign in again at
 * once, a POST (whose form would be lost) gets a page with the button that does.
 */
export async function requireHolder(
  sessions: AccountSessionService,
  req: Request,
  res: Response,
  opts: { fresh?: boolean; returnTo?: string } = {},
): Promise<(AccountSession & { id: string }) | null> {
  const locale = pageLocale(req);
  const session = await sessions.current(req, res);
  if (!session) {
    res.redirect(
      303,
      await sessions.beginLogin(res, req.method === 'GET' ? req.path : '/account', { fresh: false, locale }),
    );
    return null;
  }
  if (opts.fresh && !sessions.fresh(session)) {
    if (req.method === 'GET') {
      res.redirect(303, await sessions.beginLogin(res, req.path, { fresh: true, locale }));
      return null;
    }
    sendPage(
      res,
      200,
      reauthPage({
        locale,
        href: `/account/reauth?to=${encodeURIComponent(opts.returnTo ?? req.path)}`,
        switchLocaleHref: switchHref(req, locale),
      }),
    );
    return null;
  }
  return session;
}
