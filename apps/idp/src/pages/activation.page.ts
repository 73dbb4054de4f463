import {
  csrfField,
  errorSummary,
  formLayout,
  html,
  inputField,
  linkList,
  notice,
  safeUrl,
  stepLine,
  type FormError,
  type InputSpec,
  type Locale,
} from '#web';
import { t } from '../i18n/index.js';
import { countyProofSection, type CountyProofModel } from './county-proof.page.js';

/** 啟用教育雲端帳號: identity → account name and password → contacts → codes → done. */
export const ACTIVATION_STEPS = 4;

/** The identity inputs, the same on the activation and the application form. */
export function nationalIdInput(locale: Locale, value: string | undefined): InputSpec {
  return {
    name: 'national_id',
    label: t(locale, 'activation.form.nationalId'),
    hint: t(locale, 'activation.form.nationalIdHint'),
    value,
    autocomplete: 'off',
    verbatim: true,
  };
}

export function birthDateInput(locale: Locale, value: string | undefined): InputSpec {
  return {
    name: 'birth_date',
    label: t(locale, 'activation.form.birthDate'),
    hint: t(locale, 'activation.form.birthDateHint'),
    value,
    autocomplete: 'bday',
    verbatim: true,
  };
}

interface FormModel {
  locale: Locale;
  action: string;
  csrf: string;
  errors?: FormError[];
  switchLocaleHref: string;
}

export interface ActivationIdentityPageModel extends FormModel {
  nationalId?: string;
  birthDate?: string;
  notice?: string;
  applyHref: string;
  /** 使用縣市帳號證明身分, when counties are trusted for national IDs. */
  countyProof?: CountyProofModel;
}

export function activationIdentityPage(m: ActivationIdentityPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const body = html`${stepLine(locale, 1, ACTIVATION_STEPS)}
    <h1 class="page-title">${t(locale, 'activation.title')}</h1>
    <p class="lead">${t(locale, 'activation.intro')}</p>
    ${notice(m.notice)}${errorSummary(t(locale, 'activation.form.summaryTitle'), errors, ['national_id', 'birth_date', 'activation_code'])}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${csrfField(m.csrf)}
      ${inputField(locale, nationalIdInput(locale, m.nationalId), errors)}${inputField(
        locale,
        birthDateInput(locale, m.birthDate),
        errors,
      )}${inputField(
        locale,
        {
          name: 'activation_code',
          label: t(locale, 'activation.code'),
          hint: t(locale, 'activation.codeHint'),
          autocomplete: 'off',
          verbatim: true,
        },
        errors,
      )}
      <button class="button" type="submit">${t(locale, 'activation.form.next')}</button>
    </form>
    ${countyProofSection(locale, m.countyProof)}${linkList(locale, [
      { before: t(locale, 'activation.noCode'), href: m.applyHref, label: t(locale, 'activation.applyLink') },
    ])}`;
  return formLayout({
    locale,
    title: t(locale, 'activation.title'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

export interface ActivationAccountPageModel extends FormModel {
  name: string;
  username?: string;
  passwordMinLength: number;
  restartHref: string;
}

export function activationAccountPage(m: ActivationAccountPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const body = html`${stepLine(locale, 2, ACTIVATION_STEPS)}
    <h1 class="page-title">${t(locale, 'activation.accountTitle')}</h1>
    <p class="lead">${t(locale, 'activation.greeting', { name: m.name })}</p>
    ${errorSummary(t(locale, 'activation.form.summaryTitle'), errors, ['username', 'password', 'password_confirm'])}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${csrfField(m.csrf)}
      ${inputField(
        locale,
        {
          name: 'username',
          label: t(locale, 'activation.username'),
          hint: t(locale, 'activation.usernameHint'),
          value: m.username,
          autocomplete: 'username',
          verbatim: true,
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'password',
          label: t(locale, 'activation.password'),
          hint: t(locale, 'activation.passwordHint', { min: m.passwordMinLength }),
          type: 'password',
          autocomplete: 'new-password',
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'password_confirm',
          label: t(locale, 'activation.passwordConfirm'),
          type: 'password',
          autocomplete: 'new-password',
        },
        errors,
      )}
      <button class="button" type="submit">${t(locale, 'activation.form.next')}</button>
    </form>
    ${linkList(locale, [{ href: m.restartHref, label: t(locale, 'activation.restart') }])}`;
  return formLayout({
    locale,
    title: t(locale, 'activation.accountTitle'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

export interface ActivationContactPageModel extends FormModel {
  email?: string;
  phone?: string;
  restartHref: string;
}

export function activationContactPage(m: ActivationContactPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const body = html`${stepLine(locale, 3, ACTIVATION_STEPS)}
    <h1 class="page-title">${t(locale, 'activation.contactTitle')}</h1>
    <p class="lead">${t(locale, 'activation.contactIntro')}</p>
    ${errorSummary(t(locale, 'activation.form.summaryTitle'), errors, ['email', 'phone'])}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${csrfField(m.csrf)}
      ${inputField(
        locale,
        {
          name: 'email',
          label: t(locale, 'contact.email'),
          hint: t(locale, 'contact.emailHint'),
          value: m.email,
          type: 'email',
          autocomplete: 'email',
          verbatim: true,
          required: false,
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'phone',
          label: t(locale, 'contact.phone'),
          hint: t(locale, 'contact.phoneHint'),
          value: m.phone,
          type: 'tel',
          autocomplete: 'tel',
          inputmode: 'tel',
          required: false,
        },
        errors,
      )}
      <button class="button" type="submit">${t(locale, 'contact.sendCodes')}</button>
    </form>
    ${linkList(locale, [{ href: m.restartHref, label: t(locale, 'activation.restart') }])}`;
  return formLayout({
    locale,
    title: t(locale, 'activation.contactTitle'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

export function activationDonePage(m: {
  locale: Locale;
  username: string;
  switchLocaleHref: string;
}): string {
  const { locale } = m;
  const body = html`<h1 class="page-title">${t(locale, 'activation.doneTitle')}</h1>
    <p class="lead">${t(locale, 'activation.done')}</p>
    <p class="account-name">${t(locale, 'activation.doneUsername', { username: m.username })}</p>
    <p>${t(locale, 'activation.doneNext')}</p> `;
  return formLayout({
    locale,
    title: t(locale, 'activation.doneTitle'),
    errors: [],
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}
