import { t, type Locale } from '../i18n/index.js';
import { html, raw, safeImageUrl, safeUrl, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/**
 * Building blocks of the forgot-password and forgot-username pages, in the login page's markup
 * (same classes, an error summary linking to the fields, hints and errors tied to their inputs
 * with aria-describedby). No maxlength: the server says in words what is too long.
 */
export interface ResetFormError {
  /** The input's id; without one it is a form-level message. */
  field?: string;
  message: string;
}

export interface ResetInput {
  name: string;
  label: string;
  hint?: string;
  value?: string;
  type?: 'text' | 'password';
  autocomplete?: string;
  inputmode?: 'numeric';
  /** Identifiers and codes: no autocapitalisation, autocorrection or spellcheck. */
  verbatim?: boolean;
  readonly?: boolean;
}

/** A captcha to show (the idp's CaptchaService), as on the login page. */
export interface ResetCaptcha {
  id: string;
  imageUrl: string;
  refreshHref: string;
}

export function resetField(locale: Locale, spec: ResetInput, errors: ResetFormError[]): SafeHtml {
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
      ${spec.readonly ? raw('readonly') : raw('required')}
      ${describedBy ? html`aria-describedby="${describedBy}"` : ''}
      ${messages.length ? raw('aria-invalid="true"') : ''}
    />
  </div> `;
}

export function resetCaptchaField(
  locale: Locale,
  captcha: ResetCaptcha | null | undefined,
  errors: ResetFormError[],
): SafeHtml | '' {
  if (!captcha) return '';
  const messages = errors.filter((e) => e.field === 'captcha').map((e) => e.message);
  const describedBy = ['captcha-hint', messages.length ? 'captcha-error' : ''].filter(Boolean).join(' ');
  return html`<div class="field${messages.length ? ' field--error' : ''}">
    <label class="field__label" for="captcha">${t(locale, 'login.captcha')}</label>
    <p class="field__hint" id="captcha-hint">${t(locale, 'login.captchaHint')}</p>
    <input type="hidden" name="captcha_id" value="${captcha.id}" />
    <div class="captcha">
      <img
        class="captcha__image"
        src="${safeImageUrl(captcha.imageUrl)}"
        alt="${t(locale, 'login.captchaAlt')}"
        width="150"
        height="50"
      />
      <a class="captcha__refresh" href="${safeUrl(captcha.refreshHref)}"
        >${t(locale, 'login.captchaRefresh')}</a
      >
    </div>
    ${
      messages.length
        ? html`<p class="field__error" id="captcha-error">
            <span class="visually-hidden">${t(locale, 'errors.prefix')}</span>${messages.join(' ')}
          </p> `
        : ''
    }<input
      class="input input--captcha"
      id="captcha"
      name="captcha"
      type="text"
      autocomplete="off"
      autocapitalize="none"
      autocorrect="off"
      spellcheck="false"
      required
      aria-describedby="${describedBy}"
      ${messages.length ? raw('aria-invalid="true"') : ''}
    />
  </div> `;
}

/** The summary on top; entries link to their field when that field is on the page. */
export function resetErrorSummary(locale: Locale, errors: ResetFormError[], fields: string[]): SafeHtml | '' {
  if (!errors.length) return '';
  return html`<div
    class="error-summary"
    role="alert"
    tabindex="-1"
    autofocus
    aria-labelledby="error-summary-title"
  >
    <h2 id="error-summary-title" class="error-summary__title">${t(locale, 'forgot.errorSummary')}</h2>
    <ul class="error-summary__list">
      ${errors.map((e) =>
        e.field && fields.includes(e.field)
          ? html`<li><a href="#${e.field}">${e.message}</a></li> `
          : html`<li>${e.message}</li> `,
      )}
    </ul>
  </div> `;
}

/** Hidden fields (csrf, sealed state, tickets); values escaped like any other. */
export function hiddenFields(fields: Record<string, string | undefined>): SafeHtml {
  return html`${Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" /> `)}`;
}

export function resetLinks(locale: Locale, links: { href: string; label: string }[]): SafeHtml | '' {
  if (!links.length) return '';
  return html`<nav class="other-options" aria-label="${t(locale, 'login.otherOptions')}">
    <ul>
      ${links.map((l) => html`<li><a href="${safeUrl(l.href)}">${l.label}</a></li> `)}
    </ul>
  </nav> `;
}

/** The layout, with "錯誤：" before the title when the page shows errors (screen readers hear it first). */
export function resetLayout(m: {
  locale: Locale;
  title: string;
  errors?: ResetFormError[];
  body: SafeHtml;
  switchLocaleHref: string;
}): string {
  const title = m.errors?.length ? t(m.locale, 'layout.errorTitlePrefix') + m.title : m.title;
  return layout({ locale: m.locale, title, body: m.body, switchLocaleHref: m.switchLocaleHref });
}
