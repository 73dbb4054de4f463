import { t, type Locale } from '../i18n/index.js';
import { html, raw, safeImageUrl, safeUrl, type SafeHtml } from './html.js';
import { layout } from './layout.js';

// The other pages live in their own files; re-exported so the controllers have one import.
export { consentPage, type ConsentPageModel } from './consent.page.js';
export { errorPage, messagePage, type ErrorPageModel, type MessagePageModel } from './error.page.js';
export {
  logoutConfirmPage,
  signedInPage,
  type LogoutConfirmPageModel,
  type SignedInPageModel,
} from './session.page.js';

export type LoginField = 'login' | 'password' | 'captcha';

export interface LoginError {
  /** The field the message is about; without one it is a form-level error (e.g. bad credentials). */
  field?: LoginField;
  message: string;
}

export interface LoginPageModel {
  locale: Locale;
  /** The form's POST URL. */
  action: string;
  /** Prefill for the account field (never the password). */
  login?: string;
  errors?: LoginError[];
  /** `id` travels in a hidden field: the answer is checked against it, once. */
  captcha?: { id: string; imageUrl: string; refreshHref: string } | null;
  clientName?: string;
  /** Links to features that exist, e.g. 忘記教育雲端密碼. */
  links: { href: string; label: string }[];
  switchLocaleHref: string;
}

/** The account + password (+ captcha) form, with an error summary that links to the fields. */
export function loginPage(m: LoginPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const hasCaptcha = Boolean(m.captcha);
  const present = (f: LoginField) => f !== 'captcha' || hasCaptcha;
  const fieldErrors = (f: LoginField) =>
    errors.filter((e) => e.field === f && present(f)).map((e) => e.message);

  const summary = errors.length
    ? html`<div
        class="error-summary"
        role="alert"
        tabindex="-1"
        autofocus
        aria-labelledby="error-summary-title"
      >
        <h2 id="error-summary-title" class="error-summary__title">${t(locale, 'errors.summaryTitle')}</h2>
        <ul class="error-summary__list">
          ${errors.map((e) =>
            e.field && present(e.field)
              ? html`<li><a href="#${e.field}">${e.message}</a></li> `
              : html`<li>${e.message}</li> `,
          )}
        </ul>
      </div> `
    : '';

  const field = (
    name: LoginField,
    label: string,
    input: (describedBy: string, invalid: SafeHtml | '') => SafeHtml,
    opts: { hint?: string; extra?: SafeHtml } = {},
  ) => {
    const messages = fieldErrors(name);
    const describedBy = [opts.hint ? `${name}-hint` : '', messages.length ? `${name}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="field${messages.length ? ' field--error' : ''}">
      <label class="field__label" for="${name}">${label}</label>
      ${opts.hint ? html`<p class="field__hint" id="${name}-hint">${opts.hint}</p> ` : ''}${opts.extra ?? ''}${
        messages.length
          ? html`<p class="field__error" id="${name}-error">
              <span class="visually-hidden">${t(locale, 'errors.prefix')}</span>${messages.join(' ')}
            </p> `
          : ''
      }${input(describedBy, messages.length ? raw(' aria-invalid="true"') : '')}
    </div> `;
  };
  const describe = (ids: string) => (ids ? html` aria-describedby="${ids}"` : '');

  const captcha = m.captcha
    ? field(
        'captcha',
        t(locale, 'login.captcha'),
        (ids, invalid) =>
          html`<input
            class="input input--captcha"
            id="captcha"
            name="captcha"
            type="text"
            inputmode="text"
            autocomplete="off"
            autocapitalize="none"
            autocorrect="off"
            spellcheck="false"
            required${describe(ids)}${invalid}
          />`,
        {
          hint: t(locale, 'login.captchaHint'),
          extra: html`<input type="hidden" name="captcha_id" value="${m.captcha.id}" />
            <div class="captcha">
              <img
                class="captcha__image"
                src="${safeImageUrl(m.captcha.imageUrl)}"
                alt="${t(locale, 'login.captchaAlt')}"
                width="150"
                height="50"
              />
              <a class="captcha__refresh" href="${safeUrl(m.captcha.refreshHref)}"
                >${t(locale, 'login.captchaRefresh')}</a
              >
            </div> `,
        },
      )
    : '';

  const body = html`<h1 class="page-title">${t(locale, 'login.title')}</h1>
    ${m.clientName ? html`<p class="lead">${t(locale, 'login.forClient', { client: m.clientName })}</p> ` : ''}${summary}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${field(
        'login',
        t(locale, 'login.login'),
        (ids, invalid) =>
          html`<input
            class="input"
            id="login"
            name="login"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            autocorrect="off"
            spellcheck="false"
            value="${m.login ?? ''}"
            required${describe(ids)}${invalid}
          />`,
        { hint: t(locale, 'login.loginHint') },
      )}${field(
        'password',
        t(locale, 'login.password'),
        (ids, invalid) =>
          html`<input
            class="input"
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required${describe(ids)}${invalid}
          />`,
      )}${captcha}<button class="button" type="submit">${t(locale, 'login.submit')}</button>
    </form>
    ${
      m.links.length
        ? html`<nav class="other-options" aria-label="${t(locale, 'login.otherOptions')}">
            <ul>
              ${m.links.map((l) => html`<li><a href="${safeUrl(l.href)}">${l.label}</a></li> `)}
            </ul>
          </nav> `
        : ''
    }`;

  const title = errors.length
    ? t(locale, 'layout.errorTitlePrefix') + t(locale, 'login.title')
    : t(locale, 'login.title');
  return layout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}
