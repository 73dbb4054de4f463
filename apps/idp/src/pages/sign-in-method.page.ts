import type { LocalizedText, MethodField } from '#identity-core';
import {
  errorSummary,
  formLayout,
  html,
  inputField,
  linkList,
  notice,
  raw,
  safeUrl,
  type FormError,
  type Locale,
} from '#web';
import { t } from '../i18n/index.js';

/** A sign-in method's button on the login page and in the choice of a further factor (`href`: its begin URL). */
export interface MethodLink {
  href: string;
  label: string;
}

export interface MethodStepPageModel {
  locale: Locale;
  action: string;
  title: LocalizedText;
  lead?: LocalizedText;
  notice?: LocalizedText;
  fields: MethodField[];
  submit: LocalizedText;
  alternative?: { name: string; value: string; label: LocalizedText };
  /** Entered values to show again (never a password field's). */
  values?: Readonly<Record<string, string>>;
  errors?: FormError[];
  clientName?: string;
  /** Back to the login page of this interaction. */
  backHref: string;
  switchLocaleHref: string;
}

/** One step of a sign-in method, drawn from what the method asked to show (its fields and texts). */
export function methodStepPage(m: MethodStepPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const title = m.title[locale];
  const body = html`<h1 class="page-title">${title}</h1>
    ${m.lead ? html`<p class="lead">${m.lead[locale]}</p> ` : ''}${
      m.clientName ? html`<p class="lead">${t(locale, 'login.forClient', { client: m.clientName })}</p> ` : ''
    }${notice(m.notice?.[locale])}${errorSummary(
      t(locale, 'errors.summaryTitle'),
      errors,
      m.fields.map((f) => f.name),
    )}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${m.fields.map((f) =>
        f.type === 'choice'
          ? choiceField(locale, f, m.values?.[f.name])
          : inputField(
              locale,
              {
                name: f.name,
                label: f.label[locale],
                hint: f.hint?.[locale],
                type: f.type,
                autocomplete: f.autocomplete,
                inputmode: f.inputmode,
                value: f.type === 'password' ? undefined : m.values?.[f.name],
                verbatim: true,
              },
              errors,
            ),
      )}<button class="button" type="submit">${m.submit[locale]}</button>
      ${
        m.alternative
          ? html`<button
              class="button button--secondary"
              type="submit"
              name="${m.alternative.name}"
              value="${m.alternative.value}"
            >
              ${m.alternative.label[locale]}
            </button>`
          : ''
      }
    </form>
    ${linkList(locale, [{ href: m.backHref, label: t(locale, 'login.backToLogin') }])}`;
  return formLayout({ locale, title, errors, body, switchLocaleHref: m.switchLocaleHref });
}

/** One of several (the way a code should come): radio buttons, the first (or the one sent back) checked. */
function choiceField(locale: Locale, f: MethodField, value: string | undefined) {
  const options = f.options ?? [];
  const checked = options.some((o) => o.value === value) ? value : options[0]?.value;
  return html`<fieldset class="field choice">
    <legend class="field__label">${f.label[locale]}</legend>
    ${f.hint ? html`<p class="field__hint">${f.hint[locale]}</p> ` : ''}${options.map(
      (o, i) =>
        html`<div class="choice__option">
          <input
            type="radio"
            id="${f.name}-${i}"
            name="${f.name}"
            value="${o.value}"
            ${o.value === checked ? raw('checked') : ''}
          />
          <label for="${f.name}-${i}">${o.label[locale]}</label>
        </div> `,
    )}
  </fieldset> `;
}

export interface MethodChoicePageModel {
  locale: Locale;
  methods: MethodLink[];
  backHref: string;
  switchLocaleHref: string;
}

/** The policy wants another factor and the account has several: the person picks one. */
export function methodChoicePage(m: MethodChoicePageModel): string {
  const { locale } = m;
  const title = t(locale, 'login.chooseMethod');
  const body = html`<h1 class="page-title">${title}</h1>
    <p class="lead">${t(locale, 'login.chooseMethodLead')}</p>
    ${methodButtons(m.methods)}${linkList(locale, [{ href: m.backHref, label: t(locale, 'login.backToLogin') }])}`;
  return formLayout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}

/** The other ways in under the login form ("或使用其他方式登入"); nothing when password is the only one. */
export function methodLinks(locale: Locale, methods: MethodLink[]) {
  if (!methods.length) return '';
  return html`<nav class="sign-in-methods" aria-labelledby="sign-in-methods-title">
    <h2 class="sign-in-methods__title" id="sign-in-methods-title">${t(locale, 'login.otherMethods')}</h2>
    ${methodButtons(methods)}
  </nav> `;
}

/** One button per method; its POST runs the method's `begin` (which may send a code or redirect). */
function methodButtons(methods: MethodLink[]) {
  return html`<ul class="method-list">
    ${methods.map(
      (l) =>
        html`<li>
          <form method="post" action="${safeUrl(l.href)}">
            <button class="button button--secondary" type="submit">${l.label}</button>
          </form>
        </li> `,
    )}
  </ul> `;
}
