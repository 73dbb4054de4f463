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
  type Locale,
} from '#web';
import { t } from '../i18n/index.js';
import { birthDateInput, nationalIdInput } from './activation.page.js';
import { countyProofSection, type CountyProofModel } from './county-proof.page.js';

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
  /** 使用縣市帳號證明身分, when counties are trusted for national IDs. */
  countyProof?: CountyProofModel;
}

export function applyPage(m: ApplyPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const v = m.values;
  const body = html`${stepLine(locale, 1, APPLY_STEPS)}
    <h1 class="page-title">${t(locale, 'apply.title')}</h1>
    <p class="lead">${t(locale, 'apply.intro')}</p>
    ${notice(m.notice)}${errorSummary(t(locale, 'activation.form.summaryTitle'), errors, ['national_id', 'name', 'birth_date', 'email', 'phone'])}${countyProofSection(locale, m.countyProof)}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${csrfField(m.csrf)}
      ${inputField(locale, nationalIdInput(locale, v.nationalId), errors)}${inputField(
        locale,
        {
          name: 'name',
          label: t(locale, 'apply.name'),
          hint: t(locale, 'apply.nameHint'),
          value: v.name,
          autocomplete: 'name',
        },
        errors,
      )}${inputField(locale, birthDateInput(locale, v.birthDate), errors)}${inputField(
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
    ${linkList(locale, [
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
