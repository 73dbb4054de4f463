import { mayDo } from '#helpdesk';
import type { AuditEventEntity } from '#identity-core';
import { html, notice, type Locale, type SafeHtml } from '#web';
import type { AccountDetail } from '../accounts/account-detail.service.js';
import { has, t } from '../i18n/index.js';
import { actionsSection } from './account-actions.js';
import { staffLayout, type FrameModel } from './frame.js';
import { statusLabel } from './search.page.js';

export interface AccountPageModel extends FrameModel {
  detail: AccountDetail;
  /** A status line after an action, or the revealed national ID. */
  message?: string;
  error?: string;
  /** Sign in again (every factor) and come back: shown with `error` before revealing a national ID. */
  reauthHref?: string;
}

export const when = (locale: Locale, d: Date) =>
  new Date(d).toLocaleString(locale === 'zh-TW' ? 'zh-TW' : 'en-GB', {
    timeZone: 'Asia/Taipei',
    hour12: false,
  });

function row(label: string, value: SafeHtml | string) {
  return html`<div>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div> `;
}

/** An audit event in the helpdesk's words: its own message when there is one, else its code. */
export function eventWords(locale: Locale, e: AuditEventEntity): string {
  const key = `event.${e.action}`;
  const words = has(key) ? t(locale, key) : e.action;
  return e.result === 'failure' ? `${words} ${t(locale, 'detail.failed')}` : words;
}

function timeline(locale: Locale, events: AuditEventEntity[]): SafeHtml {
  if (!events.length) return html`<p>${t(locale, 'detail.noTimeline')}</p> `;
  return html`<div class="table-scroll">
    <table class="history timeline">
      <thead>
        <tr>
          <th scope="col">${t(locale, 'detail.colWhen')}</th>
          <th scope="col">${t(locale, 'detail.colWhat')}</th>
          <th scope="col">${t(locale, 'detail.colWho')}</th>
          <th scope="col">${t(locale, 'detail.colReason')}</th>
        </tr>
      </thead>
      <tbody>
        ${events.map((e) => {
          const reason = typeof e.details?.reason === 'string' ? e.details.reason : '';
          return html`<tr>
            <td class="nowrap">${when(locale, e.occurredAt)}</td>
            <td>${eventWords(locale, e)}</td>
            <td>${e.actor}</td>
            <td>${reason}</td>
          </tr> `;
        })}
      </tbody>
    </table>
  </div> `;
}

/** One account as the helpdesk sees it: who, where, how they sign in, where they are signed in, what happened. */
export function accountPage(m: AccountPageModel): string {
  const { locale, detail: d } = m;
  const a = d.account;
  const contact = (v: string | null, verified: boolean) =>
    v ? `${v}${verified ? '' : ` ${t(locale, 'detail.unverified')}`}` : t(locale, 'detail.none');
  const f = d.factors;
  const body = html`<h1 class="page-title">${a.displayName}</h1>
    ${notice(m.message)}${m.error ? html`<p class="field__error" role="alert">${m.error}</p> ` : ''}
    ${m.reauthHref ? html`<p><a class="button" href="${m.reauthHref}">${t(locale, 'admin.tryAgain')}</a></p> ` : ''}
    <section class="account-section" aria-labelledby="summary-title">
      <h2 id="summary-title">${t(locale, 'detail.summary')}</h2>
      <dl class="summary">
        ${row(t(locale, 'detail.name'), a.displayName)}${row(t(locale, 'detail.username'), a.username ?? '—')}
        ${row(t(locale, 'detail.status'), statusLabel(locale, a.status))}
        ${row(t(locale, 'detail.nationalId'), d.nationalIdMasked ?? '—')}
        ${row(t(locale, 'detail.email'), contact(a.email, a.emailVerified))}
        ${row(t(locale, 'detail.phone'), contact(a.phone, a.phoneVerified))}
        ${row(t(locale, 'detail.created'), when(locale, a.createdAt))}
      </dl>
    </section>
    <section class="account-section" aria-labelledby="aff-title">
      <h2 id="aff-title">${t(locale, 'detail.affiliations')}</h2>
      ${
        d.affiliations.length
          ? html`<ul>
              ${d.affiliations.map(
                (x) =>
                  html`<li>
                    ${x.schoolName ?? x.schoolId}（${x.county ?? ''}）
                    ${t(locale, 'detail.term', { year: x.year, semester: x.semester })} ${x.titles.join('、')}
                    ${x.classTitle ?? ''}
                  </li> `,
              )}
            </ul> `
          : html`<p>${t(locale, 'detail.noAffiliations')}</p> `
      }
      <h3>${t(locale, 'detail.linked')}</h3>
      ${
        d.countyLinks.length
          ? html`<ul>
              ${d.countyLinks.map((l) => html`<li>${l.countyName[locale]}（${when(locale, l.linkedAt)}）</li> `)}
            </ul> `
          : html`<p>${t(locale, 'detail.noLinked')}</p> `
      }
    </section>
    <section class="account-section" aria-labelledby="factors-title">
      <h2 id="factors-title">${t(locale, 'detail.factors')}</h2>
      <ul>
        <li>${t(locale, f.totp ? 'detail.totpOn' : 'detail.totpOff')}</li>
        <li>
          ${f.sms ? t(locale, 'detail.smsOn', { mobile: f.sms.mobile ?? '—' }) : t(locale, 'detail.smsOff')}
        </li>
        <li>${t(locale, 'detail.recovery', { n: f.recoveryCodesLeft })}</li>
      </ul>
    </section>
    <section class="account-section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">${t(locale, 'detail.sessions')}</h2>
      ${
        d.sessions.length
          ? html`<ul class="session-list">
              ${d.sessions.map(
                (s) =>
                  html`<li class="session">
                    ${t(locale, 'detail.sessionLine', {
                      when: when(locale, s.signedInAt),
                      ip: s.ip ?? '—',
                      agent: s.userAgent ?? '—',
                    })}
                  </li> `,
              )}
            </ul> `
          : html`<p>${t(locale, 'detail.noSessions')}</p> `
      }
    </section>
    ${actionsSection({ ...m, canReveal: mayDo(m.staff, 'reveal-national-id') })}
    <section class="account-section" aria-labelledby="timeline-title">
      <h2 id="timeline-title">${t(locale, 'detail.timeline')}</h2>
      ${timeline(locale, d.timeline)}
    </section>`;
  return staffLayout({ ...m, title: a.displayName, body });
}
