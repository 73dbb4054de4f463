import type { OidcPageRenderers } from '#oidc';
import { messagePage, pickLocale } from '#web';
import { t } from '../i18n/index.js';
import { errorPage, logoutConfirmPage } from '../pages/index.js';

/** Reads oidc-provider's logout form (its own markup) into action + hidden fields for our page. */
function parseForm(formHtml: string): { action: string; fields: Record<string, string> } {
  const action = /action="([^"]*)"/.exec(formHtml)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const m of formHtml.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]] = m[2];
  const unescape = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  return {
    action: unescape(action),
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, unescape(v)])),
  };
}

/** The engine's own pages (errors, logout) in the login page's style and language. */
export const providerPages: OidcPageRenderers = {
  error: ({ error, description, acceptLanguage, uiLocales, requestId }) => {
    const locale = pickLocale(uiLocales, acceptLanguage);
    return errorPage({
      locale,
      error,
      description,
      requestId,
      at: new Date(),
      switchLocaleHref: '?ui_locales=' + (locale === 'en' ? 'zh-TW' : 'en'),
    });
  },
  logoutConfirm: ({ formHtml, acceptLanguage }) => {
    const locale = pickLocale(undefined, acceptLanguage);
    const { action, fields } = parseForm(formHtml);
    return logoutConfirmPage({
      locale,
      action,
      hiddenFields: fields,
      switchLocaleHref: '?ui_locales=' + (locale === 'en' ? 'zh-TW' : 'en'),
    });
  },
  logoutDone: ({ acceptLanguage }) => {
    const locale = pickLocale(undefined, acceptLanguage);
    return messagePage({
      locale,
      title: t(locale, 'logout.doneTitle'),
      message: t(locale, 'logout.done'),
      switchLocaleHref: '?ui_locales=' + (locale === 'en' ? 'zh-TW' : 'en'),
    });
  },
};
