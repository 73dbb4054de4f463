import { en } from './en.js';
import type { Locale } from './locale.js';
import { zhTW, type MessageKey } from './zh-TW.js';

export {
  DEFAULT_LOCALE,
  LOCALES,
  htmlLang,
  localeSwitchHref,
  otherLocale,
  pickLocale,
  type Locale,
} from './locale.js';
export type { MessageKey } from './zh-TW.js';

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-TW': zhTW, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhTW, key);
}

/**
 * The message for `key`, with `{name}` placeholders filled from `params`. The result is plain
 * text: pages escape it like any other value. A placeholder without a param stays visible.
 */
export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = (dictionaries[locale] ?? zhTW)[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
