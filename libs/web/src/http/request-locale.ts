import type { Request } from 'express';
import { pickLocale, type Locale } from '../i18n/locale.js';

/** The page's language: `ui_locales` in the query (or the OIDC request's), then Accept-Language. */
export function requestLocale(req: Request, uiLocales?: unknown): Locale {
  const fromQuery = typeof req.query.ui_locales === 'string' ? req.query.ui_locales : undefined;
  return pickLocale(
    fromQuery ?? (typeof uiLocales === 'string' ? uiLocales : undefined),
    req.get('accept-language'),
  );
}
