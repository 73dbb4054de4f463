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

export interface VerifyContact {
  channel: 'email' | 'phone';
  value: string;
  verified: boolean;
}

export interface ContactVerifyPageModel {
  locale: Locale;
  step: { n: number; total: number };
  /** Codes are posted here as `email_code` / `phone_code`. */
  action: string;
  /** "Send a new code": posted here with `channel`. */
  resendAction: string;
  csrf: string;
  contacts: VerifyContact[];
  minutes: number;
  errors?: FormError[];
  notice?: string;
  /** Back to the contact form (activation only; an application's contacts are part of its form). */
  links: { href: string; label: string }[];
  switchLocaleHref: string;
}

/** Shared by activation and application: one code field per unverified contact, plus resend buttons. */
export function contactVerifyPage(m: ContactVerifyPageModel): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const pending = m.contacts.filter((c) => !c.verified);
  const verified = m.contacts.filter((c) => c.verified);
  const label = (c: VerifyContact) =>
    t(locale, c.channel === 'email' ? 'contact.emailCode' : 'contact.phoneCode', { value: c.value });
  const body = html`${stepLine(locale, m.step.n, m.step.total)}
    <h1 class="page-title">${t(locale, 'contact.verifyTitle')}</h1>
    <p class="lead">${t(locale, 'contact.verifyIntro', { minutes: m.minutes })}</p>
    ${notice(m.notice)}${errorSummary(
      t(locale, 'activation.form.summaryTitle'),
      errors,
      pending.map((c) => `${c.channel}_code`),
    )}${
      verified.length
        ? html`<ul class="verified-list">
            ${verified.map((c) => html`<li>${t(locale, 'contact.verified', { value: c.value })}</li> `)}
          </ul> `
        : ''
    }
    <form class="form" method="post" action="${safeUrl(m.action)}" novalidate>
      ${csrfField(m.csrf)}
      ${pending.map((c) =>
        inputField(
          locale,
          {
            name: `${c.channel}_code`,
            label: label(c),
            hint: t(locale, 'contact.codeHint'),
            autocomplete: 'one-time-code',
            inputmode: 'numeric',
            verbatim: true,
          },
          errors,
        ),
      )}
      <button class="button" type="submit">${t(locale, 'contact.verify')}</button>
    </form>
    ${pending.map(
      (c) =>
        html`<form class="form form--inline" method="post" action="${safeUrl(m.resendAction)}">
          ${csrfField(m.csrf)}<input type="hidden" name="channel" value="${c.channel}" />
          <button class="button button--secondary" type="submit">
            ${t(locale, 'contact.resend', { value: c.value })}
          </button>
        </form> `,
    )}
    ${linkList(locale, m.links)}`;
  return formLayout({
    locale,
    title: t(locale, 'contact.verifyTitle'),
    errors,
    body,
    switchLocaleHref: m.switchLocaleHref,
  });
}
