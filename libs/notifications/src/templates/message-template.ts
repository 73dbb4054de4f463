import type { TemplateName } from '../notification.types.js';

/**
 * One message in one language. `{name}` placeholders are filled from the request's `data`;
 * every placeholder is required. In the HTML mail `{link}` becomes a link and `{code}` is set
 * in bold; every value and every fixed text is HTML-escaped.
 */
export interface MessageTemplate {
  subject: string;
  /** Paragraphs of the mail body (text and HTML). */
  body: string[];
  /** The SMS text, brand prefix included. Keep zh-TW at or under 70 characters (one segment). */
  sms: string;
}

/** What every mail of a language ends with, and its HTML `lang`. */
export interface LocaleChrome {
  lang: string;
  /** 防詐騙 line: we never ask for passwords or codes. */
  fraudNotice: string;
  automated: string;
}

/** A complete language: the compiler refuses a catalogue that misses a TemplateName. */
export interface Catalogue {
  chrome: LocaleChrome;
  templates: Record<TemplateName, MessageTemplate>;
}
