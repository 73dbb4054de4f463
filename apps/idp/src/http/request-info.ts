import type { Request } from 'express';
import { pickLocale, type Locale } from '../i18n/index.js';

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
