import { STAFF_ROLES, type StaffMember } from '#helpdesk';
import { csrfField, html, inputField, notice, raw, type Locale } from '#web';
import { t } from '../i18n/index.js';
import { when } from './account.page.js';
import { roleLabel, staffLayout, type FrameModel } from './frame.js';

export interface StaffPageModel extends FrameModel {
  members: StaffMember[];
  message?: string;
  error?: string;
  /** Sign in again (every factor) and come back: shown with `error` before a change. */
  reauthHref?: string;
  /** What was typed into the grant form, kept when it is shown again. */
  form?: { username?: string; role?: string; county?: string; school?: string; reason?: string };
  /** A revoke form sent before signing in again: its member's reason field is filled in. */
  revoking?: { username: string; reason: string };
}

function reasonField(locale: Locale, id: string, label: string, value = '') {
  return html`<div class="field">
    <label class="field__label" for="${id}">${label}</label>
    <input class="input" id="${id}" name="reason" type="text" value="${value}" required />
  </div> `;
}

function revokeForm(m: StaffPageModel, s: StaffMember) {
  if (s.accountId === m.staff.accountId || !s.username) return '';
  const id = `reason-revoke-${s.username.replace(/[^a-z0-9]/g, '-')}`;
  return html`<form class="inline-form staff-revoke" method="post" action="/staff/revoke">
    ${csrfField(m.csrf)}<input type="hidden" name="username" value="${s.username}" />
    ${reasonField(m.locale, id, t(m.locale, 'staff.revokeReason'), m.revoking?.username === s.username ? m.revoking.reason : '')}
    <button class="button button--secondary" type="submit">${t(m.locale, 'staff.revoke')}</button>
  </form> `;
}

/** Superadmin only: who holds which portal role; grant and revoke, each after a fresh sign-in, with a reason. */
export function staffPage(m: StaffPageModel): string {
  const { locale } = m;
  const title = t(locale, 'staff.title');
  const f = m.form ?? {};
  const body = html`<h1 class="page-title">${title}</h1>
    <p class="lead">${t(locale, 'staff.lead')}</p>
    ${notice(m.message)}${m.error ? html`<p class="field__error" role="alert">${m.error}</p> ` : ''}
    ${m.reauthHref ? html`<p><a class="button" href="${m.reauthHref}">${t(locale, 'admin.tryAgain')}</a></p> ` : ''}
    ${
      m.members.length
        ? html`<div class="table-scroll">
            <table class="history staff-list">
              <thead>
                <tr>
                  <th scope="col">${t(locale, 'staff.colUser')}</th>
                  <th scope="col">${t(locale, 'staff.colName')}</th>
                  <th scope="col">${t(locale, 'staff.colRole')}</th>
                  <th scope="col">${t(locale, 'staff.colGranted')}</th>
                  <th scope="col">${t(locale, 'staff.revoke')}</th>
                </tr>
              </thead>
              <tbody>
                ${m.members.map(
                  (s) =>
                    html`<tr>
                      <td>${s.username ?? s.sub}</td>
                      <td>${s.displayName}</td>
                      <td>${roleLabel(locale, s)}</td>
                      <td>${s.grantedBy}／${when(locale, s.grantedAt)}</td>
                      <td>${revokeForm(m, s)}</td>
                    </tr> `,
                )}
              </tbody>
            </table>
          </div> `
        : html`<p>${t(locale, 'staff.none')}</p> `
    }
    <section class="account-section" aria-labelledby="grant-title">
      <h2 id="grant-title">${t(locale, 'staff.grantTitle')}</h2>
      <form class="form staff-grant" method="post" action="/staff/grant">
        ${csrfField(m.csrf)}
        ${inputField(locale, { name: 'username', label: t(locale, 'staff.username'), value: f.username ?? '', verbatim: true }, [])}
        <div class="field">
          <label class="field__label" for="role">${t(locale, 'staff.role')}</label>
          <select class="input" id="role" name="role">
            ${STAFF_ROLES.map(
              (r) =>
                html`<option value="${r}" ${r === f.role ? raw('selected') : ''}>
                  ${roleLabel(locale, { role: r, county: '', schoolId: '' }).trim()}
                </option> `,
            )}
          </select>
        </div>
        ${inputField(locale, { name: 'county', label: t(locale, 'staff.county'), value: f.county ?? '', required: false }, [])}
        ${inputField(locale, { name: 'school', label: t(locale, 'staff.school'), value: f.school ?? '', required: false, verbatim: true }, [])}
        ${reasonField(locale, 'reason-grant', t(locale, 'staff.reason'), f.reason ?? '')}
        <button class="button" type="submit">${t(locale, 'staff.grant')}</button>
      </form>
    </section>`;
  return staffLayout({ ...m, title, body });
}
