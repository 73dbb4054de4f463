import { t, type Locale } from '../i18n/index.js';
import { html, raw, safeUrl, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/**
 * Form building blocks for the activation and application pages, in the login page's markup
 * (same classes, error summary linking to the fields, aria-describedby for hints and errors),
 * so they look and read the same. No maxlength: the server says what is too long, in words.
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
}

export function inputField(locale: Locale, spec: InputSpec, errors: FormError[]): SafeHtml {
  const messages = errors.filter((e) => e.field === spec.name).map((e) => e.message);
  const describedBy = [spec.hint ? `${spec.name}-hint` : '', messages.length ? `${spec.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field${messages.length ? ' field--error' : ''}">
    <label class="field__label" for="${spec.name}">${spec.label}</label>
    ${spec.hint ? html`<p class="field__hint" id="${spec.name}-hint">${spec.hint}</p> ` : ''}${
      messages.length
        ? html`<p class="field__error" id="${spec.name}-error">
            <span class="visually-hidden">${t(locale, 'errors.prefix')}</span>${messages.join(' ')}
          </p> `
        : ''
    }<input
      class="input"
      id="${spec.name}"
      name="${spec.name}"
      type="${spec.type ?? 'text'}"
      ${spec.autocomplete ? html`autocomplete="${spec.autocomplete}"` : ''}
      ${spec.inputmode ? html`inputmode="${spec.inputmode}"` : ''}
      ${spec.verbatim ? raw('autocapitalize="none" autocorrect="off" spellcheck="false"') : ''}
      ${spec.type === 'password' ? '' : html`value="${spec.value ?? ''}"`}
      ${spec.required === false ? '' : raw('required')}
      ${describedBy ? html`aria-describedby="${describedBy}"` : ''}
      ${messages.length ? raw('aria-invalid="true"') : ''}
    />
  </div> `;
}

/** The summary on top; entries link to their field when that field is on the page. */
export function errorSummary(locale: Locale, errors: FormError[], fields: string[]): SafeHtml | '' {
  if (!errors.length) return '';
  return html`<div
    class="error-summary"
    role="alert"
    tabindex="-1"
    autofocus
    aria-labelledby="error-summary-title"
  >
    <h2 id="error-summary-title" class="error-summary__title">
      ${t(locale, 'activation.form.summaryTitle')}
    </h2>
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

/** "步驟 2／4" above the title: where the person is in a multi-page form. */
export function stepLine(locale: Locale, n: number, total: number): SafeHtml {
  return html`<p class="form-step">${t(locale, 'activation.form.stepOf', { n, total })}</p> `;
}

/** A status message that is not an error (e.g. "a new code is on its way"). */
export function notice(text: string | undefined): SafeHtml | '' {
  return text ? html`<p class="notice" role="status">${text}</p> ` : '';
}

export function linkList(label: string, links: { href: string; label: string; before?: string }[]): SafeHtml {
  return html`<nav class="other-options" aria-label="${label}">
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
  errors: FormError[];
  body: SafeHtml;
  switchLocaleHref: string;
}): string {
  const title = m.errors.length ? t(m.locale, 'layout.errorTitlePrefix') + m.title : m.title;
  return layout({ locale: m.locale, title, body: m.body, switchLocaleHref: m.switchLocaleHref });
}
