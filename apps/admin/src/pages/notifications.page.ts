import type { FailedNotifications } from '#notifications';
import { csrfField, html } from '#web';
import { t } from '../i18n/index.js';
import { staffLayout, type FrameModel } from './frame.js';

export interface NotificationsPageModel extends FrameModel {
  list: FailedNotifications;
  message?: string;
}

type State = 'dead' | 'failed' | 'retrying' | 'unrelayed';

/** Failed and dead-lettered messages (masked recipients only) with "send again", one or all. */
export function notificationsPage(m: NotificationsPageModel): string {
  const { locale, list } = m;
  const title = t(locale, 'notif.title');
  const requeueable = (s: State) => s === 'dead' || s === 'failed';
  const table = !list.items.length
    ? html`<p class="notice" role="status">${t(locale, 'notif.none')}</p> `
    : html`<div class="table-scroll">
          <table class="history notifications">
            <thead>
              <tr>
                <th scope="col">${t(locale, 'notif.colAt')}</th>
                <th scope="col">${t(locale, 'notif.colState')}</th>
                <th scope="col">${t(locale, 'notif.colChannel')}</th>
                <th scope="col">${t(locale, 'notif.colTemplate')}</th>
                <th scope="col">${t(locale, 'notif.colRecipient')}</th>
                <th scope="col">${t(locale, 'notif.colError')}</th>
                <th scope="col">${t(locale, 'notif.colAttempts')}</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              ${list.items.map(
                (i) =>
                  html`<tr>
                    <td>
                      <time datetime="${i.at}"
                        >${new Date(i.at).toLocaleString(locale, { timeZone: 'Asia/Taipei' })}</time
                      >
                    </td>
                    <td>${t(locale, `notif.state.${i.state}`)}</td>
                    <td>${t(locale, `notif.channel.${i.channel}`)}</td>
                    <td>${i.template}</td>
                    <td>${i.recipient ?? t(locale, 'notif.unknownRecipient')}</td>
                    <td>${i.error ?? '—'}</td>
                    <td>${i.attempts}</td>
                    <td>
                      ${
                        requeueable(i.state)
                          ? html`<form class="inline-form" method="post" action="/notifications/requeue">
                              ${csrfField(m.csrf)}<input type="hidden" name="key" value="${i.key}" />
                              <button class="button button--secondary" type="submit">
                                ${t(locale, 'notif.requeue')}
                              </button>
                            </form>`
                          : ''
                      }
                    </td>
                  </tr> `,
              )}
            </tbody>
          </table>
        </div>
        ${
          list.items.some((i) => requeueable(i.state))
            ? html`<form class="form" method="post" action="/notifications/requeue-all">
                ${csrfField(m.csrf)}
                <button class="button" type="submit">${t(locale, 'notif.requeueAll')}</button>
              </form>`
            : ''
        } `;
  const body = html`<h1 class="page-title">${title}</h1>
    <p>${t(locale, 'notif.lead')}</p>
    ${m.message ? html`<p class="notice" role="status">${m.message}</p> ` : ''}
    ${list.depth ? '' : html`<p class="notice notice--warning" role="status">${t(locale, 'notif.queuesDown')}</p> `}
    ${table}`;
  return staffLayout({ ...m, title, body });
}
