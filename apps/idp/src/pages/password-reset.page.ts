import {
  errorSummary,
  formLayout,
  hiddenFields,
  html,
  inputField,
  linkList,
  safeUrl,
  type FormError,
  type SafeHtml,
  type Locale,
} from '#web';
import { t } from '../i18n/index.js';
import { captchaActions, captchaField, type CaptchaSpec } from './captcha-field.js';

/** Forgot password, steps 1–3: identifier, channel, "check your mail" or code entry. */

export interface ForgotStartPageModel {
  locale: Locale;
  action: string;
  csrf: string;
  identifier?: string;
  errors?: FormError[];
  captcha?: CaptchaSpec | null;
  /** The login page to go back to (hidden field, carried through the flow). */
  returnTo?: string;
  usernameHref: string;
  switchLocaleHref: string;
}

export function forgotStartPage(m: ForgotStartPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const body = html`<h1 class="page-title">${t(locale, 'forgot.title')}</h1>
    <p class="lead">${t(locale, 'forgot.intro')}</p>
    ${errorSummary(t(locale, 'forgot.errorSummary'), errors, ['identifier', ...(m.captcha ? ['captcha'] : [])])}
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${hiddenFields({ csrf: m.csrf, return: m.returnTo })}
      ${inputField(
        locale,
        {
          name: 'identifier',
          label: t(locale, 'forgot.identifier'),
          hint: t(locale, 'forgot.identifierHint'),
          value: m.identifier,
          autocomplete: 'username',
          verbatim: true,
        },
        errors,
      )}${captchaField(locale, m.captcha, errors)}
      <button class="button" type="submit">${t(locale, 'forgot.submit')}</button>
      ${captchaActions(locale, m.captcha)}
    </form>
    ${linkList(locale, [
      { href: m.usernameHref, label: t(locale, 'forgot.usernameLink') },
      ...(m.returnTo ? [{ href: m.returnTo, label: t(locale, 'reset.backToLogin') }] : []),
    ])}`;
  return formLayout({
    locale,
    title: t(locale, 'forgot.title'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

export interface ForgotChannelsPageModel {
  locale: Locale;
  action: string;
  csrf: string;
  /** Sealed state of step 1. */
  flow: string;
  channels: { kind: 'email' | 'sms'; masked: string }[];
  errors?: FormError[];
  returnTo?: string;
  restartHref: string;
  switchLocaleHref: string;
}

/**
 * One submit button per channel (no radio buttons, so nothing to style or pre-select). The same
 * page for identifiers without an account, whose channels are look-alikes.
 */
export function forgotChannelsPage(m: ForgotChannelsPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const body = html`<h1 class="page-title">${t(locale, 'forgot.choose.title')}</h1>
    ${errorSummary(t(locale, 'forgot.errorSummary'), errors, [])}
    <p class="lead">${t(locale, 'forgot.choose.intro')}</p>
    <form class="form" method="post" action="${safeUrl(m.action)}">
      ${hiddenFields({ csrf: m.csrf, flow: m.flow, return: m.returnTo })}
      <div class="button-group">
        ${m.channels.map(
          (c, i) =>
            html`<button
              class="button${i > 0 ? ' button--secondary' : ''}"
              type="submit"
              name="channel"
              value="${c.kind}"
            >
              ${
                c.kind === 'email'
                  ? t(locale, 'forgot.choose.email', { address: c.masked })
                  : withPhone(t(locale, 'forgot.choose.sms', { phone: PHONE }), c.masked)
              }
            </button> `,
        )}
      </div>
    </form>
    <p class="note">${t(locale, 'forgot.choose.note')}</p>
    ${linkList(locale, [{ href: m.restartHref, label: t(locale, 'forgot.choose.other') }])}`;
  return formLayout({
    locale,
    title: t(locale, 'forgot.choose.title'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

export interface ForgotEmailSentPageModel {
  locale: Locale;
  masked: string;
  minutes: number;
  restartHref: string;
  returnTo?: string;
  switchLocaleHref: string;
}

export function forgotEmailSentPage(m: ForgotEmailSentPageModel): string {
  const { locale } = m;
  const body = html`<h1 class="page-title">${t(locale, 'forgot.sent.title')}</h1>
    <p class="lead" role="status">
      ${t(locale, 'forgot.sent.email', { address: m.masked, minutes: m.minutes })}
    </p>
    <p class="note">${t(locale, 'forgot.sent.note')}</p>
    ${linkList(locale, [
      { href: m.restartHref, label: t(locale, 'reset.restart') },
      ...(m.returnTo ? [{ href: m.returnTo, label: t(locale, 'reset.backToLogin') }] : []),
    ])}`;
  return formLayout({
    locale,
    title: t(locale, 'forgot.sent.title'),
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

export interface ForgotCodePageModel {
  locale: Locale;
  action: string;
  csrf: string;
  /** Identifies the code's challenge (not a reset ticket). */
  ticket: string;
  masked: string;
  minutes: number;
  /** To send a new code without starting over, while step 1's state is still valid. */
  resend?: { action: string; flow: string };
  errors?: FormError[];
  returnTo?: string;
  restartHref: string;
  switchLocaleHref: string;
}

export function forgotCodePage(m: ForgotCodePageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const body = html`<h1 class="page-title">${t(locale, 'forgot.code.title')}</h1>
    ${errorSummary(t(locale, 'forgot.errorSummary'), errors, ['code'])}
    <p class="lead" role="status">
      ${withPhone(t(locale, 'forgot.code.intro', { phone: PHONE, minutes: m.minutes }), m.masked)}
    </p>
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${hiddenFields({
        csrf: m.csrf,
        ticket: m.ticket,
        // For the page shown after a wrong code: display only.
        to: m.masked,
        minutes: String(m.minutes),
        flow: m.resend?.flow,
        return: m.returnTo,
      })}
      ${inputField(
        locale,
        {
          name: 'code',
          label: t(locale, 'forgot.code.label'),
          hint: t(locale, 'forgot.code.hint'),
          autocomplete: 'one-time-code',
          inputmode: 'numeric',
          verbatim: true,
        },
        errors,
      )}
      <button class="button" type="submit">${t(locale, 'forgot.code.submit')}</button>
    </form>
    ${
      m.resend
        ? html`<form class="form" method="post" action="${safeUrl(m.resend.action)}">
            ${hiddenFields({ csrf: m.csrf, flow: m.resend.flow, return: m.returnTo })}
            <button class="button button--secondary" type="submit" name="channel" value="sms">
              ${t(locale, 'forgot.code.resend')}
            </button>
          </form> `
        : ''
    }
    <p class="note">${t(locale, 'forgot.code.note')}</p>
    ${linkList(locale, [{ href: m.restartHref, label: t(locale, 'reset.restart') }])}`;
  return formLayout({
    locale,
    title: t(locale, 'forgot.code.title'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}

const PHONE = '\u0000';

/** A sentence with a masked number (`09**-***-123`) that stays on one line at any width. */
function withPhone(sentence: string, masked: string): SafeHtml {
  const [before, after] = sentence.split(PHONE);
  return html`${before}<span class="nowrap">${masked}</span>${after ?? ''}`;
}
