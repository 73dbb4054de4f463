import { ASSETS_PATH } from '../assets/assets.js';
import { html, raw, safeUrl, type SafeHtml } from '../html/html.js';
import { htmlLang, otherLocale, type Locale } from '../i18n/locale.js';
import { webText as t } from '../i18n/web.messages.js';

export const STYLESHEET_HREF = `${ASSETS_PATH}/app.css`;
/** The layout's stylesheets, in cascade order (one file's rules split in three, none past ~250 lines). */
export const STYLESHEETS = [STYLESHEET_HREF, `${ASSETS_PATH}/forms.css`, `${ASSETS_PATH}/pages.css`] as const;

// From the service's own material (the seed deck): helpdesk lines and mailbox.
export const HELPDESK_PHONES = ['070-101-00107', '070-101-00108'] as const;
export const HELPDESK_EMAIL = 'oidcservice@mail.edu.tw';

/**
 * The help page every page of this process links to from its footer (the idp's `/help`), or none
 * (the admin app). Set once at boot by the app, like its configuration.
 */
let helpPath: string | null = null;

export function linkHelpPage(path: string | null): void {
  helpPath = path;
}

export interface LayoutModel {
  locale: Locale;
  /** The page's own title; the service name is appended. */
  title: string;
  body: SafeHtml;
  /** The script tags of a page that declares scripts (from `renderPage`). */
  scripts?: SafeHtml;
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
        ${STYLESHEETS.map((href) => html`<link rel="stylesheet" href="${href}" />`)} ${m.scripts ?? ''}
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
          ${
            helpPath
              ? html`<p class="help-link">
                  <a href="${safeUrl(`${helpPath}?ui_locales=${locale}`)}">${t(locale, 'layout.help')}</a>
                </p> `
              : ''
          }
          <p class="locale-switch">
            <a href="${safeUrl(m.switchLocaleHref)}" lang="${htmlLang(other)}" hreflang="${htmlLang(other)}"
              >${t(locale, 'layout.switchLocale')}</a
            >
          </p>
        </footer>
      </body>
    </html> `.value;
}
