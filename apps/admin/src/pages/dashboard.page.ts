import type { DashboardCounts } from '#helpdesk';
import { html } from '#web';
import { t } from '../i18n/index.js';
import { staffLayout, type FrameModel } from './frame.js';

/** Today at a glance: figures only, each a COUNT the server did within the staff member's scope. */
export function dashboardPage(m: FrameModel & { counts: DashboardCounts }): string {
  const { locale, counts } = m;
  const title = t(locale, 'dash.title');
  const row = (label: string, n: number) =>
    html`<div>
      <dt>${label}</dt>
      <dd>${n.toLocaleString(locale)}</dd>
    </div> `;
  const s = counts.service;
  const body = html`<h1 class="page-title">${title}</h1>
    <dl class="summary dashboard">
      ${row(t(locale, 'dash.locked'), counts.lockedAccounts)}
      ${
        s
          ? html`${row(t(locale, 'dash.signIns'), s.signInsToday)}${row(t(locale, 'dash.failures'), s.failedSignInsToday)}
            ${row(t(locale, 'dash.applications'), s.pendingApplications)}${row(t(locale, 'dash.queue'), s.queueDepth)}
            ${row(t(locale, 'dash.dead'), s.deadLetters)}`
          : ''
      }
    </dl>`;
  return staffLayout({ ...m, title, body });
}
