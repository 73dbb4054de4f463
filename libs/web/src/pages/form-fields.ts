import { html, raw, safeUrl, type SafeHtml } from '../html/html.js';
import type { Locale } from '../i18n/locale.js';
import { webText as t } from '../i18n/web.messages.js';
import { layout } from './layout.js';

/**
 * Form building blocks shared by every form page (login, activation, application, forgot password),
 * so they look and read the same: an error summary linking to the fields, hints and errors tied
 * to their inputs with aria-describedby. No maxlength: the server says in words what is too long.
 */
export interface FormError {
  /** The input's id; without one it is a form-level message. */
  field?: string;
  message: string;
}

export interface InputSpec {
  name: string;
  label: string;
  hint?: string;
  value?: string;
  type?: 'text' | 'password' | 'email' | 'tel';
  autocomplete?: string;
  inputmode?: 'text' | 'numeric' | 'email' | 'tel';
  /** For identifiers and codes: no autocapitalisation, autocorrection or spellcheck. */
  verbatim?: boolean;
  required?: boolean;
  /** Shown, never edited (e.g. the username for password managers); not required then. */
  readonly?: boolean;
}

/** The messages about one field. */
export function fieldMessages(errors: FormError[], name: string): string[] {
  return errors.filter((e) => e.field === name).map((e) => e.message);
}

/** A field's messages above its input, with the `${name}-error` id its aria-describedby names. */
export function fieldError(locale: Locale, name: string, messages: string[]): SafeHtml | '' {
  return messages.length
    ? html`<p class="field__error" id="${name}-error">
        <span class="visually-hidden">${t(locale, 'form.errorPrefix')}</span>${messages.join(' ')}
      </p> `
    : '';
}

export function inputField(locale: Locale, spec: InputSpec, errors: FormError[]): SafeHtml {
  const messages = fieldMessages(errors, spec.name);
  const describedBy = [spec.hint ? `${spec.name}-hint` : '', messages.length ? `${spec.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  const required = spec.readonly ? raw('readonly') : spec.required === false ? '' : raw('required');
  return html`<div class="field${messages.length ? ' field--error' : ''}">
    <label class="field__label" for="${spec.name}">${spec.label}</label>
    ${spec.hint ? html`<p class="field__hint" id="${spec.name}-hint">${spec.hint}</p> ` : ''}${fieldError(
      locale,
      spec.name,
      messages,
    )}<input
      class="input"
      id="${spec.name}"
      name="${spec.name}"
      type="${spec.type ?? 'text'}"
      ${spec.autocomplete ? html`autocomplete="${spec.autocomplete}"` : ''}
      ${spec.inputmode ? html`inputmode="${spec.inputmode}"` : ''}
      ${spec.verbatim ? raw('autocapitalize="none" autocorrect="off" spellcheck="false"') : ''}
      ${spec.type === 'password' ? '' : html`value="${spec.value ?? ''}"`}
      ${required}
      ${describedBy ? html`aria-describedby="${describedBy}"` : ''}
      ${messages.length ? raw('aria-invalid="true"') : ''}
    />
  </div> `;
}

/** The summary on top; entries link to their field when that field is on the page. */
export function errorSummary(title: string, errors: FormError[], fields: string[]): SafeHtml | '' {
  if (!errors.length) return '';
  return html`<div
    class="error-summary"
    role="alert"
    tabindex="-1"
    autofocus
    aria-labelledby="error-summary-title"
  >
    <h2 id="error-summary-title" class="error-summary__title">${title}</h2>
    <ul class="error-summary__list">
      ${errors.map((e) =>
        e.field && fields.includes(e.field)
          ? html`<li><a href="#${e.field}">${e.message}</a></li> `
          : html`<li>${e.message}</li> `,
      )}
    </ul>
  </div> `;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${token}" />`;
}

/** Hidden fields (csrf, sealed state, tickets); empty ones are left out, values escaped as any other. */
export function hiddenFields(fields: Record<string, string | undefined>): SafeHtml {
  return html`${Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" /> `)}`;
}

/** "步驟 2／4" above the title: where the person is in a multi-page form. */
export function stepLine(locale: Locale, n: number, total: number): SafeHtml {
  return html`<p class="form-step">${t(locale, 'form.stepOf', { n, total })}</p> `;
}

/** A status message that is not an error (e.g. "a new code is on its way"). */
export function notice(text: string | undefined): SafeHtml | '' {
  return text ? html`<p class="notice" role="status">${text}</p> ` : '';
}

/** The "other options" links under a form; nothing when there are none. */
export function linkList(
  locale: Locale,
  links: { href: string; label: string; before?: string }[],
): SafeHtml | '' {
  if (!links.length) return '';
  return html`<nav class="other-options" aria-label="${t(locale, 'form.otherOptions')}">
    <ul>
      ${links.map(
        (l) =>
          html`<li>${l.before ? html`${l.before} ` : ''}<a href="${safeUrl(l.href)}">${l.label}</a></li> `,
      )}
    </ul>
  </nav> `;
}

/** The layout with "錯誤：" before the title when the page shows errors (screen readers hear it first). */
export function formLayout(m: {
  locale: Locale;
  title: string;
  errors?: FormError[];
  body: SafeHtml;
  scripts?: SafeHtml;
  switchLocaleHref: string;
}): string {
  const title = m.errors?.length ? t(m.locale, 'layout.errorTitlePrefix') + m.title : m.title;
  const { locale, body, scripts, switchLocaleHref } = m;
  return layout({ locale, title, body, scripts, switchLocaleHref });
}
