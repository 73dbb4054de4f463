import type { IssuedActivationCode } from '#activation';
import { html, layout, type Locale } from '#web';
import { t } from '../i18n/index.js';
import { when } from './account.page.js';

/** The activation letter to print and hand over (the code is shown here once, stored only as a hash). */
export function letterPage(m: {
  locale: Locale;
  letter: IssuedActivationCode & { schoolName: string };
  activationUrl: string;
  switchLocaleHref: string;
}): string {
  const { locale, letter } = m;
  const title = t(locale, 'letter.title');
  const body = html`<article class="activation-letter">
    <h1 class="page-title">${title}</h1>
    <p>${letter.schoolName} ${letter.classTitle ?? ''}</p>
    <p>${t(locale, 'letter.intro', { name: letter.name, url: m.activationUrl })}</p>
    <p>
      ${t(locale, 'letter.code')}：<strong class="activation-code"><code>${letter.code}</code></strong>
    </p>
    <p>${t(locale, 'letter.expires', { date: when(locale, new Date(letter.expiresAt)) })}</p>
    <p><a href="/accounts/${letter.sub}">${t(locale, 'admin.back')}</a></p>
  </article>`;
  return layout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}
