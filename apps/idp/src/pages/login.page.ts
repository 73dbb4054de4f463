import { errorSummary, formLayout, html, inputField, linkList, notice, safeUrl, type Locale } from '#web';
import { t } from '../i18n/index.js';
import { captchaActions, captchaField } from './captcha-field.js';
import { methodLinks, type MethodLink } from './sign-in-method.page.js';

// The other pages live in their own files; re-exported so the controllers have one import.
export { consentPage, type ConsentPageModel } from './consent.page.js';
export { errorPage, type ErrorPageModel } from './error.page.js';
export { messagePage, type MessagePageModel } from '#web';
export {
  methodChoicePage,
  methodStepPage,
  type MethodChoicePageModel,
  type MethodLink,
  type MethodStepPageModel,
} from './sign-in-method.page.js';
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
  /** A status line above the form (e.g. a new captcha was drawn). */
  notice?: string;
  /** `id` travels in a hidden field: the answer is checked against it, once. */
  captcha?: { id: string; imageUrl: string; refreshHref: string } | null;
  clientName?: string;
  /** The other registered sign-in methods, in the login page's order (none: password only). */
  methods?: MethodLink[];
  /** Links to features that exist, e.g. 忘記教育雲端密碼. */
  links: { href: string; label: string }[];
  switchLocaleHref: string;
}

/** The account + password (+ captcha) form, with an error summary that links to the fields. */
export function loginPage(m: LoginPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const fields: LoginField[] = m.captcha ? ['login', 'password', 'captcha'] : ['login', 'password'];
  const body = html`<h1 class="page-title">${t(locale, 'login.title')}</h1>
    ${m.clientName ? html`<p class="lead">${t(locale, 'login.forClient', { client: m.clientName })}</p> ` : ''}${errorSummary(
      t(locale, 'errors.summaryTitle'),
      errors,
      fields,
    )}${notice(m.notice)}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${inputField(
        locale,
        {
          name: 'login',
          label: t(locale, 'login.login'),
          hint: t(locale, 'login.loginHint'),
          value: m.login,
          autocomplete: 'username',
          verbatim: true,
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'password',
          label: t(locale, 'login.password'),
          type: 'password',
          autocomplete: 'current-password',
        },
        errors,
      )}${captchaField(locale, m.captcha, errors, { inputmode: 'text' })}<button class="button" type="submit">
        ${t(locale, 'login.submit')}
      </button>
      ${captchaActions(locale, m.captcha, { refreshBySubmit: true })}
    </form>
    ${methodLinks(locale, m.methods ?? [])}${linkList(locale, m.links)}`;
  return formLayout({
    locale,
    title: t(locale, 'login.title'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}
