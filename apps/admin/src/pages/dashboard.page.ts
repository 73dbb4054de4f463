import { SIGN_IN_METHODS, type DashboardCounts } from '#helpdesk';
import { html, type Locale } from '#web';
import { has, t } from '../i18n/index.js';
import { when } from './account.page.js';
import { staffLayout, type FrameModel } from './frame.js';

type Service = NonNullable<DashboardCounts['service']>;

function row(locale: Locale, label: string, n: number | string) {
  return html`<div>
    <dt>${label}</dt>
    <dd>${typeof n === 'number' ? n.toLocaleString(locale) : n}</dd>
  </div> `;
}

/** Sign-ins by method and failures by step (in the audit log's words). */
function signIns(locale: Locale, s: Service) {
  const steps = Object.entries(s.failuresByStep).sort((a, b) => b[1] - a[1]);
  return html`<section class="account-section" aria-labelledby="methods-title">
      <h2 id="methods-title">${t(locale, 'dash.byMethod')}</h2>
      <dl class="summary dashboard-methods">
        ${SIGN_IN_METHODS.map((m) => row(locale, t(locale, `dash.method.${m}`), s.signInsByMethod[m]))}
      </dl>
    </section>
    <section class="account-section" aria-labelledby="failures-title">
      <h2 id="failures-title">${t(locale, 'dash.failuresByStep')}</h2>
      ${
        steps.length
          ? html`<dl class="summary dashboard-failures">
              ${steps.map(([action, n]) => {
                const key = `event.${action}`;
                return row(locale, has(key) ? t(locale, key) : action, n);
              })}
            </dl> `
          : html`<p>${t(locale, 'dash.noFailures')}</p> `
      }
    </section> `;
}

/** The last `audit:verify` run: when, whether the chain held, and the first problem if not. */
function verification(locale: Locale, v: Service['lastVerification']) {
  return html`<section class="account-section" aria-labelledby="verify-title">
    <h2 id="verify-title">${t(locale, 'dash.verification')}</h2>
    ${
      v
        ? html`<dl class="summary dashboard-verification">
            ${row(locale, t(locale, 'dash.verifiedAt'), when(locale, v.finishedAt))}
            ${row(
              locale,
              t(locale, 'dash.verifiedResult'),
              v.ok
                ? t(locale, 'dash.verifiedOk', { rows: v.rowsChecked.toLocaleString(locale) })
                : t(locale, 'dash.verifiedBad'),
            )}
            ${v.ok ? '' : row(locale, t(locale, 'dash.firstProblem'), v.problem ?? '—')}
          </dl> `
        : html`<p>${t(locale, 'dash.neverVerified')}</p> `
    }
  </section> `;
}

/** Today at a glance: figures only, each a COUNT the server did within the staff member's scope. */
export function dashboardPage(m: FrameModel & { counts: DashboardCounts }): string {
  const { locale, counts } = m;
  const title = t(locale, 'dash.title');
  const s = counts.service;
  const body = html`<h1 class="page-title">${title}</h1>
    <dl class="summary dashboard">
      ${row(locale, t(locale, 'dash.locked'), counts.lockedAccounts)}
      ${
        s
          ? html`${row(locale, t(locale, 'dash.signIns'), s.signInsToday)}${row(locale, t(locale, 'dash.failures'), s.failedSignInsToday)}
            ${row(locale, t(locale, 'dash.applications'), s.pendingApplications)}${row(locale, t(locale, 'dash.queue'), s.queueDepth)}
            ${row(locale, t(locale, 'dash.dead'), s.deadLetters)}`
          : ''
      }
    </dl>
    ${s ? html`${signIns(locale, s)}${verification(locale, s.lastVerification)}` : ''}`;
  return staffLayout({ ...m, title, body });
}
