import {
  fieldError,
  fieldMessages,
  HELPDESK_EMAIL,
  HELPDESK_PHONES,
  html,
  raw,
  safeImageUrl,
  safeUrl,
  type FormError,
  type Locale,
  type SafeHtml,
} from '#web';
import { t } from '../i18n/index.js';

/** A captcha to show (the idp's CaptchaService). */
export interface CaptchaSpec {
  id: string;
  imageUrl: string;
  /** A new captcha by a plain link (pages whose typed values need not survive it). */
  refreshHref: string;
}

/** `<id>.wav`: the same captcha spoken, in the page's language. */
function audioUrl(locale: Locale, captcha: CaptchaSpec): string {
  return `${captcha.imageUrl.replace(/\.png$/, '.wav')}?ui_locales=${locale}`;
}

/** The captcha image and the answer field; nothing when captchas are off. */
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

/**
 * 換下一個 and the spoken captcha, drawn after the form's own submit button: tabbing from the
 * password reaches the answer and then the form's button, and Enter in any field submits the form
 * (the first submit button), not 換下一個. With `refreshBySubmit`, 換下一個 posts the form (name
 * `captcha_refresh`) so the page comes back with what was typed; otherwise it is a link.
 */
export function captchaActions(
  locale: Locale,
  captcha: CaptchaSpec | null | undefined,
  opts: { refreshBySubmit?: boolean } = {},
): SafeHtml | '' {
  if (!captcha) return '';
  return html`<div class="captcha-actions">
    <p class="captcha__actions">
      ${
        opts.refreshBySubmit
          ? html`<button class="captcha__refresh link-button" type="submit" name="captcha_refresh" value="1">
              ${t(locale, 'login.captchaRefresh')}
            </button>`
          : html`<a class="captcha__refresh" href="${safeUrl(captcha.refreshHref)}"
              >${t(locale, 'login.captchaRefresh')}</a
            >`
      }
      <a class="captcha__audio" href="${safeUrl(audioUrl(locale, captcha))}" type="audio/wav"
        >${t(locale, 'login.captchaAudio')}</a
      >
    </p>
    <audio
      class="captcha__player"
      controls
      preload="none"
      src="${safeUrl(audioUrl(locale, captcha))}"
    ></audio>
  </div>`;
}
