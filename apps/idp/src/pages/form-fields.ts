import { t, type Locale } from '../i18n/index.js';
import { html, raw, safeImageUrl, safeUrl, type SafeHtml } from './html.js';
import { HELPDESK_EMAIL, HELPDESK_PHONES, layout } from './layout.js';

/**
 * Form building blocks shared by the login, activation, application and forgot-password pages,
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

/** A captcha to show (the idp's CaptchaService). */
export interface CaptchaSpec {
  id: string;
  imageUrl: string;
  refreshHref: string;
}

function fieldMessages(errors: FormError[], name: string): string[] {
  return errors.filter((e) => e.field === name).map((e) => e.message);
}

function fieldError(locale: Locale, name: string, messages: string[]): SafeHtml | '' {
  return messages.length
    ? html`<p class="field__error" id="${name}-error">
        <span class="visually-hidden">${t(locale, 'errors.prefix')}</span>${messages.join(' ')}
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

/** The captcha image, its refresh link and the answer field; nothing when captchas are off. */
export function captchaField(
  locale: Locale,
  captcha: CaptchaSpec | null | undefined,
  errors: FormError[],
  // The login page has always declared inputmode="text"; the forgot pages never did.
  opts: { inputmode?: 'text' } = {},
): SafeHtml | '' {
  if (!captcha) return '';
  const messages = fieldMessages(errors, 'captcha');
  const describedBy = ['captcha-hint', 'captcha-alternative', messages.length ? 'captcha-error' : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field${messages.length ? ' field--error' : ''}">
    <label class="field__label" for="captcha">${t(locale, 'login.captcha')}</label>
    <p class="field__hint" id="captcha-hint">${t(locale, 'login.captchaHint')}</p>
    <input type="hidden" name="captcha_id" value="${captcha.id}" />
    <div class="captcha">
      <img
        class="captcha__image"
        src="${safeImageUrl(captcha.imageUrl)}"
        alt="${t(locale, 'login.captchaAlt')}"
        width="200"
        height="70"
      />
      <a class="captcha__refresh" href="${safeUrl(captcha.refreshHref)}"
        >${t(locale, 'login.captchaRefresh')}</a
      >
    </div>
    <p class="field__hint" id="captcha-alternative">
      ${t(locale, 'login.captchaAlternative')}
      ${HELPDESK_PHONES.map(
        (p, i) => html`${i > 0 ? ' / ' : ''}<a href="tel:${p.replace(/-/g, '')}">${p}</a>`,
      )}
      / <a href="mailto:${HELPDESK_EMAIL}">${HELPDESK_EMAIL}</a>
    </p>
    ${fieldError(locale, 'captcha', messages)}<input
      class="input input--captcha"
      id="captcha"
      name="captcha"
      type="text"
      ${opts.inputmode ? html`inputmode="${opts.inputmode}"` : ''}
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
  return html`<p class="form-step">${t(locale, 'activation.form.stepOf', { n, total })}</p> `;
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
  return html`<nav class="other-options" aria-label="${t(locale, 'login.otherOptions')}">
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
  switchLocaleHref: string;
}): string {
  const title = m.errors?.length ? t(m.locale, 'layout.errorTitlePrefix') + m.title : m.title;
  return layout({ locale: m.locale, title, body: m.body, switchLocaleHref: m.switchLocaleHref });
}
