import { t, type Locale } from '../i18n/index.js';
import {
  csrfField,
  errorSummary,
  formLayout,
  inputField,
  linkList,
  notice,
  stepLine,
  type FormError,
} from './activation-form.page.js';
import { html, safeUrl } from './html.js';

/** 申請教育雲端帳號: the form → codes → received (then the helpdesk decides). */
export const APPLY_STEPS = 2;

export interface ApplyPageModel {
  locale: Locale;
  action: string;
  csrf: string;
  values: { nationalId?: string; name?: string; birthDate?: string; email?: string; phone?: string };
  errors?: FormError[];
  notice?: string;
  activateHref: string;
  switchLocaleHref: string;
}

export function applyPage(m: ApplyPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const v = m.values;
  const body = html`${stepLine(locale, 1, APPLY_STEPS)}
    <h1 class="page-title">${t(locale, 'apply.title')}</h1>
    <p class="lead">${t(locale, 'apply.intro')}</p>
    ${notice(m.notice)}${errorSummary(locale, errors, ['national_id', 'name', 'birth_date', 'email', 'phone'])}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${csrfField(m.csrf)}
      ${inputField(
        locale,
        {
          name: 'national_id',
          label: t(locale, 'activation.form.nationalId'),
          hint: t(locale, 'activation.form.nationalIdHint'),
          value: v.nationalId,
          autocomplete: 'off',
          verbatim: true,
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'name',
          label: t(locale, 'apply.name'),
          hint: t(locale, 'apply.nameHint'),
          value: v.name,
          autocomplete: 'name',
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'birth_date',
          label: t(locale, 'activation.form.birthDate'),
          hint: t(locale, 'activation.form.birthDateHint'),
          value: v.birthDate,
          autocomplete: 'bday',
          verbatim: true,
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'email',
          label: t(locale, 'contact.email'),
          hint: t(locale, 'apply.emailHint'),
          value: v.email,
          type: 'email',
          autocomplete: 'email',
          verbatim: true,
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'phone',
          label: t(locale, 'contact.phone'),
          hint: t(locale, 'apply.phoneHint'),
          value: v.phone,
          type: 'tel',
          autocomplete: 'tel',
          inputmode: 'tel',
        },
        errors,
      )}
      <button class="button" type="submit">${t(locale, 'apply.submit')}</button>
    </form>
    ${linkList(t(locale, 'login.otherOptions'), [
      { before: t(locale, 'apply.hasCode'), href: m.activateHref, label: t(locale, 'apply.activateLink') },
    ])}`;
  return formLayout({
    locale,
    title: t(locale, 'apply.title'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

export function applyDonePage(m: { locale: Locale; switchLocaleHref: string }): string {
  const { locale } = m;
  const body = html`<h1 class="page-title">${t(locale, 'apply.doneTitle')}</h1>
    <p class="lead">${t(locale, 'apply.done')}</p> `;
  return formLayout({
    locale,
    title: t(locale, 'apply.doneTitle'),
    errors: [],
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}
