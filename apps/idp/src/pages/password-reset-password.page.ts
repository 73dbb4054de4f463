import {
  errorSummary,
  formLayout,
  hiddenFields,
  html,
  inputField,
  linkList,
  safeUrl,
  type FormError,
  type Locale,
} from '#web';
import { t } from '../i18n/index.js';

/** Forgot password, the end: set the new password, done, or a link that cannot be used. */

export interface ResetPasswordPageModel {
  locale: Locale;
  action: string;
  csrf: string;
  /** The email link's token or the SMS flow's ticket. */
  ticket: string;
  username: string;
  minLength: number;
  errors?: FormError[];
  returnTo?: string;
  switchLocaleHref: string;
}

/**
 * The username sits in a read-only field with `autocomplete="username"`, so password managers
 * store the new password under the right account.
 */
export function resetPasswordPage(m: ResetPasswordPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const body = html`<h1 class="page-title">${t(locale, 'reset.title')}</h1>
    ${errorSummary(t(locale, 'forgot.errorSummary'), errors, ['password', 'confirm'])}
    <p class="lead">${t(locale, 'reset.intro', { username: m.username })}</p>
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${hiddenFields({ csrf: m.csrf, ticket: m.ticket, return: m.returnTo })}
      ${inputField(
        locale,
        {
          name: 'username',
          label: t(locale, 'reset.username'),
          value: m.username,
          autocomplete: 'username',
          verbatim: true,
          readonly: true,
        },
        [],
      )}${inputField(
        locale,
        {
          name: 'password',
          label: t(locale, 'reset.password'),
          hint: t(locale, 'reset.passwordHint', { min: m.minLength }),
          type: 'password',
          autocomplete: 'new-password',
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'confirm',
          label: t(locale, 'reset.confirm'),
          type: 'password',
          autocomplete: 'new-password',
        },
        errors,
      )}
      <button class="button" type="submit">${t(locale, 'reset.submit')}</button>
    </form> `;
  return formLayout({
    locale,
    title: t(locale, 'reset.title'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

export function resetDonePage(m: { locale: Locale; returnTo?: string; switchLocaleHref: string }): string {
  const { locale } = m;
  const body = html`<h1 class="page-title">${t(locale, 'reset.done.title')}</h1>
    <p class="lead" role="status">${t(locale, 'reset.done.message')}</p>
    ${
      m.returnTo
        ? html`<p><a class="button" href="${safeUrl(m.returnTo)}">${t(locale, 'reset.backToLogin')}</a></p> `
        : html`<p>${t(locale, 'reset.done.next')}</p> `
    }`;
  return formLayout({
    locale,
    title: t(locale, 'reset.done.title'),
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

/** A link or form that cannot be used (invalid, expired, used), with the way to start again. */
export function resetProblemPage(m: {
  locale: Locale;
  title: string;
  message: string;
  restartHref: string;
  switchLocaleHref: string;
}): string {
  const { locale } = m;
  const body = html`<h1 class="page-title">${m.title}</h1>
    <p class="lead" role="alert">${m.message}</p>
    ${linkList(locale, [{ href: m.restartHref, label: t(locale, 'reset.restart') }])}`;
  return formLayout({
    locale,
    title: m.title,
    errors: [{ message: m.message }],
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}
