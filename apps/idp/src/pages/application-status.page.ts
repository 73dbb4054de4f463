import {
  csrfField,
  errorSummary,
  formLayout,
  html,
  inputField,
  linkList,
  safeUrl,
  type FormError,
  type Locale,
} from '#web';
import { t } from '../i18n/index.js';
import { birthDateInput } from './activation.page.js';

export interface ApplicationStatusPageModel {
  locale: Locale;
  action: string;
  csrf: string;
  reference?: string;
  birthDate?: string;
  errors?: FormError[];
  /** The answer to a look-up that matched. */
  result?: {
    reference: string;
    status: 'pending' | 'approved' | 'rejected';
    submitted: string;
    decided: string | null;
  };
  activateHref: string;
  applyHref: string;
  switchLocaleHref: string;
}

/** 查詢申請進度: the form, and under it the answer to a look-up that matched. */
export function applicationStatusPage(m: ApplicationStatusPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const r = m.result;
  const result = r
    ? html`<section class="status-result" role="status" aria-labelledby="status-result-title">
        <h2 id="status-result-title">${t(locale, 'status.resultTitle', { reference: r.reference })}</h2>
        <p>${t(locale, 'status.submittedAt', { date: r.submitted })}</p>
        <p class="lead">
          ${
            r.status === 'pending'
              ? t(locale, 'status.pending')
              : t(locale, r.status === 'approved' ? 'status.approved' : 'status.rejected', {
                  date: r.decided ?? '',
                })
          }
        </p>
        ${
          r.status === 'approved'
            ? html`<p>
                <a class="button" href="${safeUrl(m.activateHref)}">${t(locale, 'status.activate')}</a>
              </p> `
            : ''
        }
      </section> `
    : '';
  const body = html`<h1 class="page-title">${t(locale, 'status.title')}</h1>
    <p class="lead">${t(locale, 'status.intro')}</p>
    ${errorSummary(t(locale, 'activation.form.summaryTitle'), errors, ['reference', 'birth_date'])}${result}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${csrfField(m.csrf)}
      ${inputField(
        locale,
        {
          name: 'reference',
          label: t(locale, 'status.reference'),
          hint: t(locale, 'status.referenceHint'),
          value: m.reference,
          autocomplete: 'off',
          verbatim: true,
        },
        errors,
      )}${inputField(locale, birthDateInput(locale, m.birthDate), errors)}
      <button class="button" type="submit">${t(locale, 'status.submit')}</button>
    </form>
    ${linkList(locale, [
      { href: m.activateHref, label: t(locale, 'status.activate') },
      { href: m.applyHref, label: t(locale, 'apply.title') },
    ])}`;
  return formLayout({
    locale,
    title: t(locale, 'status.title'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}
