import { html, layout, type Locale } from '#web';
import { t } from '../i18n/index.js';

export interface HomePageModel {
  locale: Locale;
  switchLocaleHref: string;
}

/** The signed-out landing page: one way in, through edu-sso. */
export function homePage(m: HomePageModel): string {
  const { locale } = m;
  const title = t(locale, 'admin.title');
  const body = html`<h1 class="page-title">${title}</h1>
    <p class="lead">${t(locale, 'admin.signInLead')}</p>
    <p><a class="button" href="/sign-in">${t(locale, 'admin.signIn')}</a></p> `;
  return layout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}
