import { htmlLang, otherLocale, t, type Locale } from '../i18n/index.js';
import { html, raw, safeUrl, type SafeHtml } from './html.js';

/**
 * The Content-Security-Policy for every page, without `form-action` (the controllers append it
 * with the redirect targets of the flow). No inline script or style exists, so none is allowed.
 */
export const PAGE_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export const STYLESHEET_HREF = '/assets/app.css';

// From the service's own material (the seed deck): helpdesk lines and mailbox.
export const HELPDESK_PHONES = ['070-101-00107', '070-101-00108'] as const;
export const HELPDESK_EMAIL = 'oidcservice@mail.edu.tw';

export interface LayoutModel {
  locale: Locale;
  /** The page's own title; the service name is appended. */
  title: string;
  body: SafeHtml;
  /** Added to the stylesheet link when given; nothing inline needs it. */
  cspNonce?: string;
  /** Same path with `?ui_locales=<other locale>`. */
  switchLocaleHref: string;
}

export function layout(m: LayoutModel): string {
  const { locale } = m;
  const other = otherLocale(locale);
  const serviceName = t(locale, 'service.name');
  return html`<!doctype html>
    <html lang="${htmlLang(locale)}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="format-detection" content="telephone=no" />
        <title>${m.title} | ${serviceName}</title>
        <link rel="stylesheet" href="${STYLESHEET_HREF}" ${m.cspNonce ? html` nonce="${m.cspNonce}"` : ''} />
      </head>
      <body>
        <a class="skip-link" href="#main">${t(locale, 'layout.skipToMain')}</a>
        <header class="site-header">
          <div class="site-header__inner">
            <p class="brand">
              <span class="brand__name">${serviceName}</span>
              <span class="brand__account">${t(locale, 'service.account')}</span>
            </p>
          </div>
        </header>
        <main id="main" class="card" tabindex="-1">${m.body}</main>
        <footer class="site-footer">
          <p class="fraud-notice">${t(locale, 'layout.fraudNotice')}</p>
          <dl class="helpdesk">
            <div>
              <dt>${t(locale, 'layout.helpdesk')}</dt>
              <dd>
                ${HELPDESK_PHONES.map(
                  (p, i) =>
                    html`${i > 0 ? raw('<span aria-hidden="true"> / </span>') : ''}<a
                        href="tel:${p.replace(/-/g, '')}"
                        >${p}</a
                      >`,
                )}
              </dd>
            </div>
            <div>
              <dt>${t(locale, 'layout.helpdeskEmail')}</dt>
              <dd><a href="mailto:${HELPDESK_EMAIL}">${HELPDESK_EMAIL}</a></dd>
            </div>
          </dl>
          <p class="locale-switch">
            <a href="${safeUrl(m.switchLocaleHref)}" lang="${htmlLang(other)}" hreflang="${htmlLang(other)}"
              >${t(locale, 'layout.switchLocale')}</a
            >
          </p>
        </footer>
      </body>
    </html> `.value;
}
