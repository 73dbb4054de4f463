import { DEFAULT_LOCALE, LOCALES, type Locale } from './locale.js';

export type Messages<K extends string> = Readonly<Record<K, string>>;

/** One feature's messages, in every locale. */
export interface Catalogue<K extends string> {
  readonly 'zh-TW': Messages<K>;
  readonly en: Messages<K>;
}

/** The message keys of a catalogue (or a union of catalogues). */
export type CatalogueKey<C> = C extends Catalogue<infer K> ? K : never;

export type MessageParams = Record<string, string | number>;

/**
 * Declares one feature's messages. zh-TW, the default, defines the keys; `en` must have exactly
 * the same ones: a missing or an extra key is a compile error.
 */
export function defineCatalogue<const Z extends Record<string, string>>(catalogue: {
  'zh-TW': Z;
  en: NoInfer<{ readonly [K in keyof Z]: string }>;
}): Catalogue<keyof Z & string> {
  return catalogue;
}

/** The catalogues of one app, merged: `t` takes only their keys, so a missing key does not compile. */
export interface Translator<K extends string> {
  readonly dictionaries: Readonly<Record<Locale, Messages<K>>>;
  /**
   * The message for `key`, with `{name}` placeholders filled from `params`. The result is plain
   * text: pages escape it like any other value. A placeholder without a param stays visible.
   */
  readonly t: (locale: Locale, key: K, params?: MessageParams) => string;
  /** For keys built at run time (`error.title.${code}`): is there such a message? */
  readonly has: (key: string) => key is K;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * Merges feature catalogues into one translator. A key defined by two catalogues, or a message
 * whose placeholders differ between locales, stops the app at start rather than showing a wrong text.
 */
export function createTranslator<const C extends readonly Catalogue<string>[]>(
  ...catalogues: C
): Translator<CatalogueKey<C[number]>> {
  type K = CatalogueKey<C[number]>;
  const merged = Object.fromEntries(LOCALES.map((l) => [l, {} as Record<string, string>])) as Record<
    Locale,
    Record<string, string>
  >;
  for (const catalogue of catalogues) {
    const base = catalogue[DEFAULT_LOCALE];
    for (const [key, text] of Object.entries(base)) {
      if (Object.hasOwn(merged[DEFAULT_LOCALE], key))
        throw new Error(`i18n: the message "${key}" is defined by two catalogues`);
      for (const locale of LOCALES) {
        const translated = catalogue[locale][key];
        if (typeof translated !== 'string') throw new Error(`i18n: "${key}" has no ${locale} text`);
        if (placeholders(translated).join() !== placeholders(text).join())
          throw new Error(`i18n: "${key}" has other placeholders in ${locale}`);
        merged[locale][key] = translated;
      }
    }
  }
  const dictionaries = merged as Record<Locale, Messages<K>>;
  return {
    dictionaries,
    t: (locale, key, params) => {
      const template = (dictionaries[locale] ?? dictionaries[DEFAULT_LOCALE])[key];
      if (!params) return template;
      return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.hasOwn(params, name) ? String(params[name]) : whole,
      );
    },
    has: (key): key is K => Object.hasOwn(dictionaries[DEFAULT_LOCALE], key),
  };
}
