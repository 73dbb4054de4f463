import { html, layout, safeUrl, type Locale } from '#web';
import { t } from '../i18n/index.js';

export interface SignedInPageModel {
  locale: Locale;
  name: string;
  username: string;
  /** POST URL that ends the session. */
  logoutAction: string;
  switchLocaleHref: string;
}

/** Shown when someone opens the service directly while signed in. */
export function signedInPage(m: SignedInPageModel): string {
  const { locale } = m;
  const body = html`<h1 class="page-title">${t(locale, 'signedIn.title')}</h1>
    <p class="lead">${t(locale, 'signedIn.as', { name: m.name })}</p>
    <p>${t(locale, 'signedIn.username', { username: m.username })}</p>
    <p><a href="/account">${t(locale, 'account.title')}</a></p>
    <form class="form" method="post" action="${safeUrl(m.logoutAction)}">
      <button class="button" type="submit">${t(locale, 'signedIn.logout')}</button>
    </form> `;
  return layout({ locale, title: t(locale, 'signedIn.title'), body, switchLocaleHref: m.switchLocaleHref });
}

export interface LogoutConfirmPageModel {
  locale: Locale;
  /** oidc-provider's end_session confirm URL (from logoutSource's form). */
  action: string;
  /** The form's hidden fields, e.g. `{ xsrf }`. */
  hiddenFields: Record<string, string>;
  switchLocaleHref: string;
}

/**
 * RP-initiated logout confirmation. Like oidc-provider's own form: "登出" submits `logout=yes`,
 * "取消" submits the same form without it (the provider then returns to the RP, still signed in).
 */
export function logoutConfirmPage(m: LogoutConfirmPageModel): string {
  const { locale } = m;
  const body = html`<h1 class="page-title">${t(locale, 'logout.title')}</h1>
    <p class="lead">${t(locale, 'logout.confirm')}</p>
    <form class="form" method="post" action="${safeUrl(m.action)}">
      ${Object.entries(m.hiddenFields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" /> `)}
      <div class="button-group">
        <button class="button" type="submit" name="logout" value="yes">${t(locale, 'logout.yes')}</button>
        <button class="button button--secondary" type="submit">${t(locale, 'logout.cancel')}</button>
      </div>
    </form> `;
  return layout({ locale, title: t(locale, 'logout.title'), body, switchLocaleHref: m.switchLocaleHref });
}
