import { html, layout, type Locale } from '#web';
import { isMessageKey, t } from '../i18n/index.js';
import { engineErrorText } from './engine-errors.js';

export interface ErrorPageModel {
  locale: Locale;
  /** An OAuth/OIDC error code, e.g. `invalid_request`. */
  error: string;
  /** `error_description`: shown escaped, shortened, and never for server errors. */
  description?: string;
  /** The X-Request-Id of the response: what the helpdesk finds the log line by. */
  requestId?: string;
  /** When it happened (shown in Taiwan time). */
  at?: Date;
  switchLocaleHref: string;
}

const MAX_DESCRIPTION = 300;

/** Error codes are `[a-z_]` by RFC 6749; anything else is not echoed back. */
function displayCode(error: string): string {
  return /^[a-z0-9_.-]{1,64}$/i.test(error) ? error : 'server_error';
}

export function errorPage(m: ErrorPageModel): string {
  const { locale } = m;
  const code = displayCode(m.error);
  const titleKey = `error.title.${code}`;
  const title = isMessageKey(titleKey) ? t(locale, titleKey) : t(locale, 'error.title.generic');
  // A server error's description may carry internals; the code is enough for the helpdesk. The
  // engine's English descriptions are shown in the page's language, or not at all.
  const known =
    code === 'server_error' ? null : engineErrorText(m.description?.trim().slice(0, MAX_DESCRIPTION));
  const description = known ? t(locale, known.key, known.params) : '';
  const requestId = m.requestId && /^[\w.-]{1,64}$/.test(m.requestId) ? m.requestId : '';
  const body = html`<h1 class="page-title">${title}</h1>
    ${description ? html`<p>${description}</p>` : ''}
    <p class="lead">${t(locale, 'error.message')}</p>
    <dl class="error-details">
      <div>
        <dt>${t(locale, 'error.code')}</dt>
        <dd><code>${code}</code></dd>
      </div>
      ${
        requestId
          ? html`<div>
              <dt>${t(locale, 'error.requestId')}</dt>
              <dd><code>${requestId}</code></dd>
            </div>`
          : ''
      }
      ${
        m.at
          ? html`<div>
              <dt>${t(locale, 'error.time')}</dt>
              <dd><time datetime="${m.at.toISOString()}">${taiwanTime(m.at)}</time></dd>
            </div>`
          : ''
      }
    </dl> `;
  return layout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}

/** `2026-12-01 12:34:56 (UTC+8)`: the time people in Taiwan read, whatever the server's zone. */
export function taiwanTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')} (UTC+8)`;
}
