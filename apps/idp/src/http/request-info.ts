import type { Request, Response } from 'express';
import { pickLocale, type Locale } from '../i18n/index.js';
import { PAGE_CSP } from '../pages/index.js';

export function authContext(req: Request) {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 512) ?? null };
}

export function requestLocale(req: Request, uiLocales?: unknown): Locale {
  const fromQuery = typeof req.query.ui_locales === 'string' ? req.query.ui_locales : undefined;
  return pickLocale(
    fromQuery ?? (typeof uiLocales === 'string' ? uiLocales : undefined),
    req.get('accept-language'),
  );
}

/** `form-action` must list where a form's redirect chain ends, or Chromium blocks the final hop. */
export function pageCsp(base: string, formTargets: (string | undefined)[] = []): string {
  const origins = new Set<string>();
  for (const t of formTargets) {
    try {
      if (t) origins.add(new URL(t).origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return `${base}; form-action 'self'${[...origins].map((o) => ` ${o}`).join('')}`;
}

/**
 * Sends one of our HTML pages: strict CSP (forms may end their redirect chain at `formTargets`),
 * never cached (pages carry one-time values), `Retry-After` when throttled.
 */
export function sendPage(
  res: Response,
  status: number,
  page: string,
  opts: { formTargets?: (string | undefined)[]; retryAfterSeconds?: number } = {},
): void {
  res.status(status);
  res.setHeader('Content-Security-Policy', pageCsp(PAGE_CSP, opts.formTargets));
  res.setHeader('Cache-Control', 'no-store');
  if (opts.retryAfterSeconds) res.setHeader('Retry-After', String(opts.retryAfterSeconds));
  res.type('html').send(page);
}
