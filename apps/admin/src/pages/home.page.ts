import { html, layout, type Locale } from '#web';
import { t } from '../i18n/index.js';

export interface HomePageModel {
  locale: Locale;
  switchLocaleHref: string;
}

/** The portal's landing page until staff can sign in through the idp. */
export function homePage(m: HomePageModel): string {
  const { locale } = m;
  const title = t(locale, 'admin.title');
  const body = html`<h1 class="page-title">${title}</h1>
    <p class="lead">${t(locale, 'admin.comingSoon')}</p>
    <p>${t(locale, 'admin.meanwhile')}</p> `;
  return layout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}
