import { html } from '../html/html.js';
import type { Locale } from '../i18n/locale.js';
import { linkList } from './form-fields.js';
import { layout } from './layout.js';

export interface MessagePageModel {
  locale: Locale;
  title: string;
  message: string;
  switchLocaleHref: string;
  /** Ways onward, e.g. back to the login page. */
  links?: { href: string; label: string }[];
}

/** A plain title + message page (e.g. "you have signed out"). */
export function messagePage(m: MessagePageModel): string {
  const body = html`<h1 class="page-title">${m.title}</h1>
    <p class="lead">${m.message}</p>
    ${linkList(m.locale, m.links ?? [])}`;
  return layout({ locale: m.locale, title: m.title, body, switchLocaleHref: m.switchLocaleHref });
}
