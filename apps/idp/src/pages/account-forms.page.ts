import {
  csrfField,
  errorSummary,
  formLayout,
  html,
  inputField,
  linkList,
  notice,
  safeImageUrl,
  safeUrl,
  type FormError,
  type Locale,
} from '#web';
import { t } from '../i18n/index.js';

interface FormPage {
  locale: Locale;
  csrf: string;
  errors?: FormError[];
  switchLocaleHref: string;
}

const back = (locale: Locale) => linkList(locale, [{ href: '/account', label: t(locale, 'account.back') }]);

/** The authenticator app's enrolment: QR code (drawn by the server), key, URI, and the first code. */
export function totpEnrolPage(m: FormPage & { qrDataUrl: string; secret: string; uri: string }): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const title = t(locale, 'totp.title');
  const body = html`<h1 class="page-title">${title}</h1>
    ${errorSummary(t(locale, 'errors.summaryTitle'), errors, ['code'])}
    <p>${t(locale, 'totp.step1')}</p>
    <p>${t(locale, 'totp.step2')}</p>
    <p class="qr">
      <img src="${safeImageUrl(m.qrDataUrl)}" alt="${t(locale, 'totp.qrAlt')}" width="200" height="200" />
    </p>
    <dl class="summary">
      <div>
        <dt>${t(locale, 'totp.key')}</dt>
        <dd><code id="totp-secret">${m.secret}</code></dd>
      </div>
      <div>
        <dt>${t(locale, 'totp.uri')}</dt>
        <dd><code id="totp-uri" class="wrap">${m.uri}</code></dd>
      </div>
    </dl>
    <p>${t(locale, 'totp.step3')}</p>
    <form class="form" method="post" action="/account/totp" novalidate>
      ${csrfField(m.csrf)}${inputField(
        locale,
        {
          name: 'code',
          label: t(locale, 'totp.code'),
          autocomplete: 'one-time-code',
          inputmode: 'numeric',
          verbatim: true,
        },
        errors,
      )}<button class="button" type="submit">${t(locale, 'totp.confirm')}</button>
    </form>
    ${back(locale)}`;
  return formLayout({ locale, title, errors, body, switchLocaleHref: m.switchLocaleHref });
}

/** Ten recovery codes, shown once. */
export function recoveryCodesPage(m: { locale: Locale; codes: string[]; switchLocaleHref: string }): string {
  const { locale } = m;
  const title = t(locale, 'recovery.title');
  const body = html`<h1 class="page-title">${title}</h1>
    <p class="lead">${t(locale, 'recovery.lead')}</p>
    <ol class="recovery-codes">
      ${m.codes.map((c) => html`<li><code>${c}</code></li> `)}
    </ol>
    ${notice(t(locale, 'recovery.old'))}${linkList(locale, [{ href: '/account', label: t(locale, 'account.done') }])}`;
  return formLayout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}

export function passwordPage(m: FormPage & { minLength: number }): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const title = t(locale, 'password.title');
  const body = html`<h1 class="page-title">${title}</h1>
    ${errorSummary(t(locale, 'errors.summaryTitle'), errors, ['password', 'confirm'])}
    <form class="form" method="post" action="/account/password" novalidate>
      ${csrfField(m.csrf)}${inputField(
        locale,
        {
          name: 'password',
          label: t(locale, 'password.new'),
          hint: t(locale, 'password.hint', { min: m.minLength }),
          type: 'password',
          autocomplete: 'new-password',
        },
        errors,
      )}${inputField(
        locale,
        {
          name: 'confirm',
          label: t(locale, 'password.confirm'),
          type: 'password',
          autocomplete: 'new-password',
        },
        errors,
      )}<button class="button" type="submit">${t(locale, 'password.submit')}</button>
    </form>
    ${back(locale)}`;
  return formLayout({ locale, title, errors, body, switchLocaleHref: m.switchLocaleHref });
}

/** A new email or mobile: the address, then (`sentTo`) the code sent to it. */
export function contactPage(
  m: FormPage & { channel: 'email' | 'phone'; value?: string; sentTo?: string; message?: string },
): string {
  const { locale } = m;
  const errors = m.errors ?? [];
  const email = m.channel === 'email';
  const title = m.sentTo
    ? t(locale, 'accountContact.codeTitle')
    : t(locale, email ? 'accountContact.emailTitle' : 'accountContact.phoneTitle');
  const path = `/account/${m.channel}`;
  const form = m.sentTo
    ? html`${notice(m.message ?? t(locale, 'accountContact.codeSent', { to: m.sentTo }))}
        <form class="form" method="post" action="${safeUrl(`${path}/verify`)}" novalidate>
          ${csrfField(m.csrf)}${inputField(
            locale,
            {
              name: 'code',
              label: t(locale, 'accountContact.code'),
              autocomplete: 'one-time-code',
              inputmode: 'numeric',
              verbatim: true,
            },
            errors,
          )}<button class="button" type="submit">${t(locale, 'accountContact.verify')}</button>
        </form>`
    : html`${notice(m.message)}
        <form class="form" method="post" action="${safeUrl(path)}" novalidate>
          ${csrfField(m.csrf)}${inputField(
            locale,
            email
              ? {
                  name: 'value',
                  label: t(locale, 'accountContact.newEmail'),
                  type: 'email',
                  autocomplete: 'email',
                  inputmode: 'email',
                  value: m.value,
                  verbatim: true,
                }
              : {
                  name: 'value',
                  label: t(locale, 'accountContact.newPhone'),
                  hint: t(locale, 'accountContact.phoneHint'),
                  type: 'tel',
                  autocomplete: 'tel',
                  inputmode: 'tel',
                  value: m.value,
                },
            errors,
          )}<button class="button" type="submit">${t(locale, 'accountContact.send')}</button>
        </form>`;
  const body = html`<h1 class="page-title">${title}</h1>
    ${errorSummary(t(locale, 'errors.summaryTitle'), errors, ['value', 'code'])}${form}${back(locale)}`;
  return formLayout({ locale, title, errors, body, switchLocaleHref: m.switchLocaleHref });
}

/** Before a change: a sign-in within the last 5 minutes is needed (the button starts it). */
export function reauthPage(m: { locale: Locale; href: string; switchLocaleHref: string }): string {
  const { locale } = m;
  const title = t(locale, 'account.reauthTitle');
  const body = html`<h1 class="page-title">${title}</h1>
    <p class="lead">${t(locale, 'account.reauth')}</p>
    <p><a class="button" href="${safeUrl(m.href)}">${t(locale, 'account.reauthButton')}</a></p>
    ${back(locale)}`;
  return formLayout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}
