import { scopeOf, type AuditFilters, type AuditLogPage } from '#helpdesk';
import { csrfField, html, inputField, raw, type Locale } from '#web';
import { has, t } from '../i18n/index.js';
import { eventWords, when } from './account.page.js';
import { staffLayout, type FrameModel } from './frame.js';

/** The events the action filter offers (each has plain words; the filter matches the code exactly). */
export const AUDIT_ACTIONS = [
  'login.complete',
  'login.password',
  'login.totp',
  'login.sms',
  'login.recovery',
  'login.county',
  'login.certificate',
  'login.mobile_certificate',
  'login.lock',
  'login.rate_limited',
  'account.create',
  'account.status',
  'account.lockout_cleared',
  'account.contact_change',
  'account.password_change',
  'password_reset.send',
  'password_reset.complete',
  'mfa.reset',
  'mfa.totp.enrol',
  'helpdesk.unlock',
  'helpdesk.disable',
  'helpdesk.enable',
  'helpdesk.send-reset',
  'helpdesk.issue-activation',
  'helpdesk.reset-factors',
  'helpdesk.end-sessions',
  'helpdesk.edit-contact',
  'helpdesk.reveal-national-id',
  'helpdesk.audit-export',
  'admin.sign_in',
  'admin.sign_out',
  'staff.grant',
  'staff.revoke',
  'audit.verify',
] as const;

export interface AuditPageModel extends FrameModel {
  filters: AuditFilters;
  result: AuditLogPage;
  /** Whether this is a later page (a "back to the newest" link). */
  paged: boolean;
}

export function filterQuery(f: AuditFilters, before?: string): string {
  const p = new URLSearchParams();
  for (const k of ['actor', 'target', 'action', 'from', 'to'] as const) if (f[k]) p.set(k, f[k]);
  if (before) p.set('before', before);
  return p.toString();
}

const reasonOf = (d: Record<string, unknown> | null) => (typeof d?.reason === 'string' ? d.reason : '');

/** The reason column, the result, the action's words: shared with the CSV export. */
export function eventCells(locale: Locale, e: AuditLogPage['events'][number]) {
  return {
    words: eventWords(locale, e),
    result: t(locale, e.result === 'failure' ? 'audit.failure' : 'audit.success'),
    reason: reasonOf(e.details),
  };
}

function actionSelect(locale: Locale, selected: string) {
  const known = (AUDIT_ACTIONS as readonly string[]).includes(selected);
  return html`<div class="field">
    <label class="field__label" for="action">${t(locale, 'audit.action')}</label>
    <select class="input" id="action" name="action">
      <option value="">${t(locale, 'audit.anyAction')}</option>
      ${AUDIT_ACTIONS.map((a) => {
        const key = `event.${a}`;
        const label = has(key) ? `${t(locale, key)}（${a}）` : a;
        return html`<option value="${a}" ${a === selected ? raw('selected') : ''}>${label}</option> `;
      })}
      ${selected && !known ? html`<option value="${selected}" selected>${selected}</option> ` : ''}
    </select>
  </div> `;
}

function dateField(locale: Locale, name: 'from' | 'to', value: string) {
  return html`<div class="field">
    <label class="field__label" for="${name}">${t(locale, `audit.${name}`)}</label>
    <input class="input" id="${name}" name="${name}" type="date" value="${value}" />
  </div> `;
}

/** Who did what to whom, newest first, filtered; a page at a time; the filtered set as CSV. */
export function auditPage(m: AuditPageModel): string {
  const { locale, filters: f, result } = m;
  const title = t(locale, 'audit.title');
  const scoped = scopeOf(m.staff).kind !== 'all';
  const table = !result.events.length
    ? html`<p class="notice" role="status">${t(locale, 'audit.none')}</p> `
    : html`<div class="table-scroll">
        <table class="history audit-log">
          <thead>
            <tr>
              <th scope="col">${t(locale, 'audit.colWhen')}</th>
              <th scope="col">${t(locale, 'audit.colWhat')}</th>
              <th scope="col">${t(locale, 'audit.colWho')}</th>
              <th scope="col">${t(locale, 'audit.colTarget')}</th>
              <th scope="col">${t(locale, 'audit.colIp')}</th>
              <th scope="col">${t(locale, 'audit.colReason')}</th>
            </tr>
          </thead>
          <tbody>
            ${result.events.map((e) => {
              const c = eventCells(locale, e);
              const sub = e.target?.startsWith('account:') ? e.target.slice(8) : null;
              return html`<tr data-id="${e.id}">
                <td class="nowrap">${when(locale, e.occurredAt)}</td>
                <td>${c.words}</td>
                <td>${e.actor}</td>
                <td>${sub ? html`<a href="/accounts/${sub}">${e.target}</a>` : (e.target ?? '—')}</td>
                <td>${e.ip ?? '—'}</td>
                <td>${c.reason}</td>
              </tr> `;
            })}
          </tbody>
        </table>
      </div> `;
  const exportFields = (['actor', 'target', 'action', 'from', 'to'] as const).map(
    (k) => html`<input type="hidden" name="${k}" value="${f[k]}" /> `,
  );
  const body = html`<h1 class="page-title">${title}</h1>
    ${scoped ? html`<p class="lead">${t(locale, 'audit.scopeNote')}</p> ` : ''}
    <form class="form audit-filters" method="get" action="/audit" role="search">
      ${inputField(locale, { name: 'actor', label: t(locale, 'audit.actor'), value: f.actor, required: false, verbatim: true }, [])}
      ${inputField(locale, { name: 'target', label: t(locale, 'audit.target'), value: f.target, required: false, verbatim: true }, [])}
      ${actionSelect(locale, f.action)}${dateField(locale, 'from', f.from)}${dateField(locale, 'to', f.to)}
      <button class="button" type="submit">${t(locale, 'audit.submit')}</button>
    </form>
    <form class="inline-form audit-export" method="post" action="/audit/export">
      ${csrfField(m.csrf)}${exportFields}
      <p class="field__hint">${t(locale, 'audit.exportHint')}</p>
      <button class="button button--secondary" type="submit">${t(locale, 'audit.export')}</button>
    </form>
    ${table}
    <p class="pager">
      ${m.paged ? html`<a href="/audit?${filterQuery(f)}">${t(locale, 'audit.newest')}</a> ` : ''}
      ${result.next ? html`<a rel="next" href="/audit?${filterQuery(f, result.next)}">${t(locale, 'audit.older')}</a>` : ''}
    </p>`;
  return staffLayout({ ...m, title, body });
}
