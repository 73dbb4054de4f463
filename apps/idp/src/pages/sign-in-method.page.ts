import type { LocalizedText, MethodField, MethodScript } from '#identity-core';
import {
  errorSummary,
  fieldError,
  fieldMessages,
  formLayout,
  html,
  inputField,
  linkList,
  notice,
  raw,
  renderPage,
  safeImageUrl,
  safeUrl,
  type FormError,
  type Locale,
  type Page,
  type SafeHtml,
} from '#web';
import { t } from '../i18n/index.js';
import { captchaActions, captchaField, type CaptchaSpec } from './captcha-field.js';
import { methodPagePolicy } from './method-scripts.js';

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
  /** Fields the page's script fills. */
  hidden?: string[];
  script?: MethodScript;
  image?: { src: string; alt: LocalizedText };
  links?: { href: string; label: LocalizedText }[];
  /** A waiting step: reload every this many seconds (no JavaScript needed). */
  pollSeconds?: number;
  captcha?: CaptchaSpec | null;
  reset?: LocalizedText;
}

/** `hipkiUrl` → `data-hipki-url`: what a step's script reads from its form. */
const dataAttributes = (data: Readonly<Record<string, string>>) =>
  Object.entries(data)
    .filter(([k]) => /^[a-zA-Z][a-zA-Z0-9]*$/.test(k))
    .map(([k, v]) => html` data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${v}"`);

/** A field the page's script reads and never submits (no `name`): a card PIN. */
function localField(locale: Locale, f: MethodField, errors: FormError[]): SafeHtml {
  const messages = fieldMessages(errors, f.name);
  return html`<div class="field${messages.length ? ' field--error' : ''}">
    <label class="field__label" for="${f.name}">${f.label[locale]}</label>
    ${f.hint ? html`<p class="field__hint" id="${f.name}-hint">${f.hint[locale]}</p> ` : ''}${fieldError(
      locale,
      f.name,
      messages,
    )}<input
      class="input"
      id="${f.name}"
      type="${f.type ?? 'text'}"
      ${f.inputmode ? html`inputmode="${f.inputmode}"` : ''}
      autocomplete="off"
      ${f.hint ? html`aria-describedby="${f.name}-hint"` : ''}
    />
  </div> `;
}

/** One step of a sign-in method, drawn from what the method asked to show (its fields and texts). */
export function methodStepPage(m: MethodStepPageModel): Page {
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
    )}${
      m.image
        ? html`<p class="method-image">
            <img src="${safeImageUrl(m.image.src)}" alt="${m.image.alt[locale]}" />
          </p> `
        : ''
    }
    <form
      class="form"
      method="post"
      action="${safeUrl(m.action)}"
      novalidate${m.script ? html` data-script="${m.script.name}"${dataAttributes(m.script.data)}` : ''}
    >
      ${m.fields.map((f) =>
        f.type === 'choice'
          ? choiceField(locale, f, m.values?.[f.name])
          : f.options
            ? buttonChoiceField(locale, f)
            : f.submitted === false
              ? localField(locale, f, errors)
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
      )}${captchaField(locale, m.captcha, errors)}${(m.hidden ?? []).map(
        (name) => html`<input type="hidden" name="${name}" id="${name}" value="" /> `,
      )}${m.script ? html`<p class="notice" id="method-status" role="status" aria-live="polite" hidden></p> ` : ''}${
        m.reset
          ? html`<button class="button button--secondary" type="reset">${m.reset[locale]}</button> `
          : ''
      }${
        // A form of button choices only (the county list) needs no submit of its own.
        m.fields.length > 0 && m.fields.every((f) => f.options && f.type !== 'choice')
          ? ''
          : html`<button class="button" type="submit">${m.submit[locale]}</button>`
      }
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
      ${captchaActions(locale, m.captcha)}
    </form>
    ${linkList(locale, [
      ...(m.links ?? []).map((l) => ({ href: l.href, label: l.label[locale] })),
      { href: m.backHref, label: t(locale, 'login.backToLogin') },
    ])}`;
  // A waiting step reloads itself without JavaScript; with it, its script polls quietly instead.
  const refresh = m.pollSeconds ? html`<meta http-equiv="refresh" content="${m.pollSeconds}" />` : '';
  return renderPage(methodPagePolicy(m.script?.name), (scripts) =>
    formLayout({
      locale,
      title,
      errors,
      body,
      scripts: html`${m.script ? '' : refresh}${scripts}${m.script ? html`<noscript>${refresh}</noscript>` : ''}`,
      switchLocaleHref: m.switchLocaleHref,
    }),
  );
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

/** A choice without `type: 'choice'`: one submit button per option (`name=value`), e.g. the county list. */
function buttonChoiceField(locale: Locale, f: MethodField) {
  return html`<fieldset class="choice-list">
    <legend>${f.label[locale]}</legend>
    <ul class="method-list">
      ${(f.options ?? []).map(
        (o) =>
          html`<li>
            <button class="button button--secondary" type="submit" name="${f.name}" value="${o.value}">
              ${o.label[locale]}
            </button>
          </li> `,
      )}
    </ul>
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
