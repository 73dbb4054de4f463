export type Locale = 'zh-TW' | 'en';

export const LOCALES: readonly Locale[] = ['zh-TW', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-TW';

/** The BCP 47 tag for `<html lang>`: Traditional Chinese as written in Taiwan. */
export function htmlLang(locale: Locale): string {
  return locale === 'zh-TW' ? 'zh-Hant-TW' : 'en';
}

export function otherLocale(locale: Locale): Locale {
  return locale === 'zh-TW' ? 'en' : 'zh-TW';
}

/** `?ui_locales=<other>` on the same path, for the footer's language switch. */
export function localeSwitchHref(pathname: string, current: Locale): string {
  return `${pathname}?ui_locales=${encodeURIComponent(otherLocale(current))}`;
}

/** Maps one language tag to a supported locale: any zh* is zh-TW (the only Chinese we ship). */
function matchTag(tag: string): Locale | null {
  const t = tag.trim().toLowerCase();
  if (t === 'zh' || t.startsWith('zh-') || t.startsWith('zh_')) return 'zh-TW';
  if (t === 'en' || t.startsWith('en-') || t.startsWith('en_')) return 'en';
  return null;
}

// Headers are attacker-controlled: look at a bounded prefix only.
const MAX_HEADER = 1024;
const MAX_ENTRIES = 32;

/**
 * `ui_locales` (OIDC, space-separated, in order of preference) wins; then Accept-Language
 * ordered by q-value (ties keep header order, q=0 means "not this one"); else zh-TW.
 */
export function pickLocale(uiLocales: string | undefined, acceptLanguage: string | undefined): Locale {
  if (uiLocales) {
    for (const tag of uiLocales.slice(0, MAX_HEADER).split(/\s+/).slice(0, MAX_ENTRIES)) {
      const match = matchTag(tag);
      if (match) return match;
    }
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .slice(0, MAX_HEADER)
      .split(',')
      .slice(0, MAX_ENTRIES)
      .map((entry, index) => {
        const [tag = '', ...params] = entry.split(';');
        let q = 1;
        for (const p of params) {
          const [k, v] = p.split('=').map((s) => s.trim());
          if (k?.toLowerCase() === 'q') q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v ?? '') ? Number(v) : 0;
        }
        return { tag, q, index };
      })
      .filter((e) => e.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index);
    for (const { tag } of ranked) {
      const match = matchTag(tag);
      if (match) return match;
    }
  }
  return DEFAULT_LOCALE;
}
