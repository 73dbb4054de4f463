import type { IssueActivationCodesResult } from '#activation';
import { csrfField, html, layout, type Locale } from '#web';
import { t } from '../i18n/index.js';
import { when } from './account.page.js';
import { staffLayout, type FrameModel } from './frame.js';

export interface ClassForm {
  school: string;
  grade: string;
  classNo: string;
}

/** The form: school, grade, class and a reason; it says that earlier codes stop working. */
export function classLettersFormPage(m: FrameModel & { form: ClassForm; error?: string }): string {
  const { locale, form } = m;
  const title = t(locale, 'letters.title');
  const field = (name: keyof ClassForm | 'reason', label: string, value: string, pattern?: string) =>
    html`<div class="field">
      <label class="field__label" for="letters-${name}">${label}</label>
      <input
        class="input"
        id="letters-${name}"
        name="${name}"
        type="text"
        value="${value}"
        maxlength="${name === 'reason' ? 500 : 16}"
        ${pattern ? html`pattern="${pattern}"` : ''}
        required
      />
    </div> `;
  const body = html`<h1 class="page-title">${title}</h1>
    ${m.error ? html`<p class="notice notice--error" role="alert">${m.error}</p> ` : ''}
    <p>${t(locale, 'letters.lead')}</p>
    <p class="notice letters-warning">${t(locale, 'letters.warning')}</p>
    <form class="form" method="post" action="/letters">
      ${csrfField(m.csrf)} ${field('school', t(locale, 'letters.school'), form.school)}
      ${field('grade', t(locale, 'letters.grade'), form.grade)}
      ${field('classNo', t(locale, 'letters.classNo'), form.classNo)}
      ${field('reason', t(locale, 'letters.reason'), '')}
      <button class="button" type="submit">${t(locale, 'letters.submit')}</button>
    </form>`;
  return staffLayout({ ...m, title, body });
}

/** The letters to print, one `activation-letter` each (the single-account letter's look). */
export function classLettersPage(m: {
  locale: Locale;
  result: IssueActivationCodesResult;
  form: ClassForm;
  activationUrl: string;
  switchLocaleHref: string;
}): string {
  const { locale, result } = m;
  const title = t(locale, 'letters.title');
  const body = html`<p class="notice letters-warning" role="status">
      ${t(locale, 'letters.printed', {
        school: result.schoolName,
        grade: m.form.grade,
        classNo: m.form.classNo,
        count: result.issued.length,
      })}
      ${t(locale, 'letters.warning')}
    </p>
    ${result.issued.length ? '' : html`<p>${t(locale, 'letters.none')}</p> `}
    ${result.issued.map(
      (letter) =>
        html`<article class="activation-letter">
          <h1 class="page-title">${t(locale, 'letter.title')}</h1>
          <p>${result.schoolName} ${letter.classTitle ?? ''}</p>
          <p>${t(locale, 'letter.intro', { name: letter.name, url: m.activationUrl })}</p>
          <p>
            ${t(locale, 'letter.code')}：<strong class="activation-code"><code>${letter.code}</code></strong>
          </p>
          <p>${t(locale, 'letter.expires', { date: when(locale, new Date(letter.expiresAt)) })}</p>
        </article> `,
    )}
    <p><a href="/letters">${t(locale, 'admin.back')}</a></p>`;
  return layout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}
