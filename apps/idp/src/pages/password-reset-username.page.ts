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
import { captchaActions, captchaField, type CaptchaSpec } from './captcha-field.js';

/** Forgot username: national ID + birth date; the username goes to the verified channels only. */

export interface ForgotUsernamePageModel {
  locale: Locale;
  action: string;
  csrf: string;
  nationalId?: string;
  birthDate?: string;
  errors?: FormError[];
  captcha?: CaptchaSpec | null;
  returnTo?: string;
  passwordHref: string;
  switchLocaleHref: string;
}

export function forgotUsernamePage(m: ForgotUsernamePageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const body = html`<h1 class="page-title">${t(locale, 'forgot.username.title')}</h1>
    <p class="lead">${t(locale, 'forgot.username.intro')}</p>
    ${errorSummary(t(locale, 'forgot.errorSummary'), errors, ['nationalId', 'birthDate', ...(m.captcha ? ['captcha'] : [])])}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${hiddenFields({ csrf: m.csrf, return: m.returnTo })}
      ${inputField(
        locale,
        {
          name: 'nationalId',
          label: t(locale, 'forgot.username.nationalId'),
          hint: t(locale, 'forgot.username.nationalIdHint'),
          value: m.nationalId,
          autocomplete: 'off',
          verbatim: true,
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'birthDate',
          label: t(locale, 'forgot.username.birthDate'),
          hint: t(locale, 'forgot.username.birthDateHint'),
          value: m.birthDate,
          autocomplete: 'bday',
          verbatim: true,
        },
        errors,
      )}${captchaField(locale, m.captcha, errors)}
      <button class="button" type="submit">${t(locale, 'forgot.username.submit')}</button>
      ${captchaActions(locale, m.captcha)}
    </form>
    ${linkList(locale, [
      { href: m.passwordHref, label: t(locale, 'forgot.loginLink') },
      ...(m.returnTo ? [{ href: m.returnTo, label: t(locale, 'reset.backToLogin') }] : []),
    ])}`;
  return formLayout({
    locale,
    title: t(locale, 'forgot.username.title'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

export function forgotUsernameSentPage(m: {
  locale: Locale;
  passwordHref: string;
  returnTo?: string;
  switchLocaleHref: string;
}): string {
  const { locale } = m;
  const body = html`<h1 class="page-title">${t(locale, 'forgot.username.sentTitle')}</h1>
    <p class="lead" role="status">${t(locale, 'forgot.username.sent')}</p>
    ${linkList(locale, [
      { href: m.passwordHref, label: t(locale, 'forgot.loginLink') },
      ...(m.returnTo ? [{ href: m.returnTo, label: t(locale, 'reset.backToLogin') }] : []),
    ])}`;
  return formLayout({
    locale,
    title: t(locale, 'forgot.username.sentTitle'),
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}
