import type { ApplicationView } from '#activation';
import { csrfField, html, notice, type Locale, type SafeHtml } from '#web';
import { t } from '../i18n/index.js';
import { when } from './account.page.js';
import { staffLayout, type FrameModel } from './frame.js';

export interface ApplicationsPageModel extends FrameModel {
  applications: ApplicationView[];
  page: number;
  hasNext: boolean;
  mayDecide: boolean;
  message?: string;
}

/** Why the application looks like one already known, in words; '' when it does not. */
function duplicateFlag(locale: Locale, a: ApplicationView, withLink: boolean): SafeHtml | '' {
  if (!a.duplicateOf || !a.duplicateBy) return '';
  const link =
    withLink && a.duplicateOf === 'account' && a.duplicateAccountSub
      ? html` <a href="/accounts/${a.duplicateAccountSub}">${t(locale, 'apps.dupAccount')}</a>`
      : '';
  return html`<strong class="duplicate-flag"
      >⚠ ${t(locale, `apps.dup.${a.duplicateOf}.${a.duplicateBy}`)}</strong
    >${link}`;
}

/** The queue: pending applications in the staff member's reach, oldest first, duplicates flagged. */
export function applicationsPage(m: ApplicationsPageModel): string {
  const { locale } = m;
  const title = t(locale, 'apps.title');
  const list = !m.applications.length
    ? html`<p class="notice" role="status">${t(locale, 'apps.none')}</p> `
    : html`<div class="table-scroll">
          <table class="history applications">
            <thead>
              <tr>
                <th scope="col">${t(locale, 'apps.colId')}</th>
                <th scope="col">${t(locale, 'apps.colName')}</th>
                <th scope="col">${t(locale, 'apps.colBirthDate')}</th>
                <th scope="col">${t(locale, 'apps.colNationalId')}</th>
                <th scope="col">${t(locale, 'apps.colCreated')}</th>
                <th scope="col">${t(locale, 'apps.colDuplicate')}</th>
              </tr>
            </thead>
            <tbody>
              ${m.applications.map(
                (a) =>
                  html`<tr data-application="${a.id}">
                    <td><a href="/applications/${a.id}">${a.id}</a></td>
                    <td>${a.name}</td>
                    <td>${a.birthDate}</td>
                    <td>${a.nationalId}</td>
                    <td class="nowrap">${when(locale, new Date(a.createdAt))}</td>
                    <td>${duplicateFlag(locale, a, true) || '—'}</td>
                  </tr> `,
              )}
            </tbody>
          </table>
        </div>
        <p class="pager">
          ${t(locale, 'apps.page', { page: m.page })}
          ${m.page > 1 ? html`<a href="/applications?page=${m.page - 1}">${t(locale, 'apps.prev')}</a> ` : ''}
          ${m.hasNext ? html`<a href="/applications?page=${m.page + 1}">${t(locale, 'apps.next')}</a>` : ''}
        </p> `;
  const body = html`<h1 class="page-title">${title}</h1>
    ${notice(m.message)} ${m.mayDecide ? '' : html`<p>${t(locale, 'apps.readOnly')}</p> `} ${list}`;
  return staffLayout({ ...m, title, body });
}

/** One application, its duplicate flag, and (for those who decide) approve and reject, each with a reason. */
export function applicationPage(
  m: FrameModel & { application: ApplicationView; mayDecide: boolean; error?: string },
): string {
  const { locale, application: a } = m;
  const title = t(locale, 'apps.detailTitle', { id: a.id });
  const row = (label: string, value: SafeHtml | string) =>
    html`<div>
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div> `;
  const decide = (action: 'approve' | 'reject') =>
    html`<form class="form action-form" method="post" action="/applications/${a.id}/${action}">
      ${csrfField(m.csrf)}
      <div class="field">
        <label class="field__label" for="reason-${action}">${t(locale, 'apps.reason')}</label>
        <input class="input" id="reason-${action}" name="reason" type="text" maxlength="500" required />
      </div>
      <button class="button ${action === 'reject' ? 'button--secondary' : ''}" type="submit">
        ${t(locale, `apps.${action}`)}
      </button>
    </form> `;
  const body = html`<h1 class="page-title">${title}</h1>
    ${m.error ? html`<p class="notice notice--error" role="alert">${m.error}</p> ` : ''}
    <dl class="summary">
      ${row(t(locale, 'apps.colName'), a.name)} ${row(t(locale, 'apps.colBirthDate'), a.birthDate)}
      ${row(t(locale, 'apps.colNationalId'), a.nationalId)} ${row(t(locale, 'apps.email'), a.email)}
      ${row(t(locale, 'apps.phone'), a.phone)}
      ${row(t(locale, 'apps.colCreated'), when(locale, new Date(a.createdAt)))}
      ${row(t(locale, 'apps.colDuplicate'), duplicateFlag(locale, a, true) || '—')}
    </dl>
    ${m.mayDecide && a.status === 'pending' ? html`${decide('approve')}${decide('reject')}` : ''}
    <p><a href="/applications">${t(locale, 'apps.back')}</a></p>`;
  return staffLayout({ ...m, title, body });
}
