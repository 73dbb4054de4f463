import type { Request, Response } from 'express';
import { localeSwitchHref, messagePage, requestLocale, sendPage, type Locale, type Page } from '#web';
import { config } from '../config/config.js';

/** The language of this request's page (`ui_locales`, then Accept-Language). */
export const pageLocale = (req: Request): Locale => requestLocale(req);

export function switchHref(req: Request, locale: Locale): string {
  return localeSwitchHref(req.path, locale);
}

/**
 * A signed-in page (it carries the sign-out form) goes out here: the kit's strict CSP, with the
 * idp's origin allowed as the end of a form's redirects (sign-out posts here, then goes on to the
 * idp's logout). Other pages keep the plain strict policy (`sendPage`).
 */
export function sendStaffPage(res: Response, status: number, page: string | Page): void {
  sendPage(res, status, page, { formTargets: [config.issuer] });
}

export function sendMessage(
  req: Request,
  res: Response,
  status: number,
  title: string,
  message: string,
): void {
  const locale = pageLocale(req);
  sendPage(res, status, messagePage({ locale, title, message, switchLocaleHref: switchHref(req, locale) }));
}
