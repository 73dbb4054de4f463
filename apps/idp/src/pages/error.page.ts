import { html, layout, type Locale } from '#web';
import { isMessageKey, t } from '../i18n/index.js';

export interface ErrorPageModel {
  locale: Locale;
  /** An OAuth/OIDC error code, e.g. `invalid_request`. */
  error: string;
  /** `error_description`: shown escaped, shortened, and never for server errors. */
  description?: string;
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
  // A server error's description may carry internals; the code is enough for the helpdesk.
  let description = code === 'server_error' ? '' : (m.description ?? '').trim();
  if (description.length > MAX_DESCRIPTION) description = description.slice(0, MAX_DESCRIPTION) + '…';
  const body = html`<h1 class="page-title">${title}</h1>
    <p class="lead">${t(locale, 'error.message')}</p>
    <dl class="error-details">
      <div>
        <dt>${t(locale, 'error.code')}</dt>
        <dd><code>${code}</code></dd>
      </div>
      ${
        description
          ? html`<div>
              <dt>${t(locale, 'error.description')}</dt>
              <dd>${description}</dd>
            </div> `
          : ''
      }
    </dl> `;
  return layout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}
