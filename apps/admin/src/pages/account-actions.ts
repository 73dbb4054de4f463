import { csrfField, html, type Locale, type SafeHtml } from '#web';
import type { AccountDetail } from '../accounts/account-detail.service.js';
import { t } from '../i18n/index.js';

interface ActionsModel {
  locale: Locale;
  csrf: string;
  detail: AccountDetail;
  canReveal: boolean;
}

function reasonField(locale: Locale, id: string): SafeHtml {
  return html`<div class="field">
    <label class="field__label" for="reason-${id}">${t(locale, 'action.reason')}</label>
    <input class="input" id="reason-${id}" name="reason" type="text" maxlength="500" required />
  </div> `;
}

/** One action: its own form (CSRF field, required reason, any extra fields) posting to /accounts/<sub>/<action>. */
function actionForm(m: ActionsModel, action: string, label: string, extra: SafeHtml | '' = ''): SafeHtml {
  return html`<form
    class="form action-form"
    method="post"
    action="/accounts/${m.detail.account.sub}/${action}"
  >
    ${csrfField(m.csrf)}${extra}${reasonField(m.locale, action)}
    <button class="button button--secondary" type="submit">${label}</button>
  </form> `;
}

/** The actions this account's state allows; the server checks again whatever is posted. */
export function actionsSection(m: ActionsModel): SafeHtml {
  const { locale } = m;
  const a = m.detail.account;
  const checklist = html`<fieldset class="choice-list">
    <legend>${t(locale, 'action.checklist')}</legend>
    ${(['check1', 'check2', 'check3'] as const).map(
      (c) =>
        html`<label class="choice__option"
          ><input type="checkbox" name="${c}" value="yes" required /> ${t(locale, `action.${c}`)}</label
        > `,
    )}
  </fieldset> `;
  const contactFields = html`<div class="field">
      <label class="field__label" for="contact-email">${t(locale, 'action.newEmail')}</label>
      <input class="input" id="contact-email" name="email" type="email" value="${a.email ?? ''}" />
    </div>
    <div class="field">
      <label class="field__label" for="contact-phone">${t(locale, 'action.newPhone')}</label>
      <input class="input" id="contact-phone" name="phone" type="tel" value="${a.phone ?? ''}" />
    </div>
    <fieldset class="choice-list contact-checks">
      <legend>${t(locale, 'contact.checklist')}</legend>
      ${(['check1', 'check2', 'check3'] as const).map(
        (c) =>
          html`<label class="choice__option"
            ><input type="checkbox" name="${c}" value="yes" /> ${t(locale, `action.${c}`)}</label
          > `,
      )}
    </fieldset> `;
  return html`<section class="account-section" aria-labelledby="actions-title">
    <h2 id="actions-title">${t(locale, 'action.title')}</h2>
    ${actionForm(m, 'unlock', t(locale, 'action.unlock'))}
    ${
      a.status === 'disabled'
        ? actionForm(m, 'enable', t(locale, 'action.enable'))
        : actionForm(m, 'disable', t(locale, 'action.disable'))
    }
    ${
      a.email && a.username && a.status === 'active'
        ? actionForm(m, 'send-reset', t(locale, 'action.sendReset', { email: a.email }))
        : ''
    }
    ${a.status === 'pending' ? actionForm(m, 'issue-activation', t(locale, 'action.issueActivation')) : ''}
    ${actionForm(m, 'end-sessions', t(locale, 'action.endSessions'))}
    ${actionForm(m, 'reset-factors', t(locale, 'action.resetFactors'), checklist)}
    ${actionForm(m, 'edit-contact', t(locale, 'action.editContact'), contactFields)}
    ${m.canReveal ? actionForm(m, 'reveal', t(locale, 'action.reveal')) : ''}
  </section> `;
}
