import type { SignInRecord } from '#accounts';
import type { LocalizedText } from '#identity-core';
import type { AccountSessionView } from '#oidc';
import type { SecondFactorsView } from '#otp';
import { csrfField, formLayout, html, linkList, notice, safeUrl, type Locale, type SafeHtml } from '#web';
import { t, type MessageKey } from '../i18n/index.js';

/** Everything the overview's sections may draw from. */
export interface AccountPageModel {
  locale: Locale;
  csrf: string;
  profile: {
    name: string;
    username: string | null;
    email: string | null;
    emailVerified: boolean;
    phone: string | null;
    phoneVerified: boolean;
  };
  factors: SecondFactorsView;
  sessions: AccountSessionView[];
  /** The session of this browser (shown as "this device"). */
  currentSessionUid?: string;
  history: SignInRecord[];
  /** Linked county identities (使用縣市帳號登入), when county federation is on. */
  countyLinks?: AccountCountyLink[];
  /** A status line after an action ("that device was signed out"). */
  message?: string;
  switchLocaleHref: string;
}

/** One linked county identity as My account shows it (never the county's subject id). */
export interface AccountCountyLink {
  county: string;
  countyName: LocalizedText;
  linkedAt: Date;
  lastLoginAt: Date | null;
}

/**
 * One part of the overview. The page is the list ACCOUNT_SECTIONS in order: certificate login,
 * county links and passkeys add their own section by adding a renderer to the list.
 */
export type AccountSection = (m: AccountPageModel) => SafeHtml;

const when = (locale: Locale, d: Date) =>
  d.toLocaleString(locale === 'zh-TW' ? 'zh-TW' : 'en-GB', { timeZone: 'Asia/Taipei', hour12: false });

/** A form with one button posting to `action` (an action of My account). */
export function actionButton(m: { csrf: string }, action: string, label: string, secondary = true): SafeHtml {
  return html`<form class="inline-form" method="post" action="${safeUrl(action)}">
    ${csrfField(m.csrf)}<button class="button${secondary ? ' button--secondary' : ''}" type="submit">
      ${label}
    </button>
  </form> `;
}

function row(label: string, value: SafeHtml | string) {
  return html`<div>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div> `;
}

export const profileSection: AccountSection = (m) => {
  const { locale, profile: p } = m;
  const contact = (v: string | null, verified: boolean) =>
    v ? html`${v}${verified ? '' : ` ${t(locale, 'account.unverified')}`}` : t(locale, 'account.none');
  return html`<section class="account-section" aria-labelledby="profile-title">
    <h2 id="profile-title">${t(locale, 'account.profile')}</h2>
    <dl class="summary">
      ${row(t(locale, 'account.name'), p.name)}${row(t(locale, 'account.username'), p.username ?? '')}${row(
        t(locale, 'account.email'),
        contact(p.email, p.emailVerified),
      )}${row(t(locale, 'account.phone'), contact(p.phone, p.phoneVerified))}
    </dl>
    ${linkList(locale, [
      { href: '/account/email', label: t(locale, 'account.changeEmail') },
      { href: '/account/phone', label: t(locale, 'account.changePhone') },
      { href: '/account/password', label: t(locale, 'account.changePassword') },
    ])}
  </section> `;
};

export const signInMethodsSection: AccountSection = (m) => {
  const { locale, factors: f } = m;
  const totp = f.totp
    ? html`${t(locale, 'account.totpOn', { date: when(locale, f.totp.confirmedAt) })}
        <a class="button button--secondary" href="/account/totp/new">${t(locale, 'account.totpReplace')}</a>
        ${actionButton(m, '/account/totp/remove', t(locale, 'account.totpRemove'))}`
    : html`${t(locale, 'account.totpOff')}
        <a class="button" href="/account/totp/new">${t(locale, 'account.totpAdd')}</a>`;
  const sms = f.sms
    ? html`${t(locale, 'account.smsOn', { mobile: f.sms.mobile ?? t(locale, 'account.none') })}
      ${actionButton(m, '/account/sms/remove', t(locale, 'account.smsRemove'))}`
    : f.verifiedMobile
      ? html`${t(locale, 'account.smsOff')}
        ${actionButton(m, '/account/sms/enable', t(locale, 'account.smsEnable'))}`
      : html`${t(locale, 'account.smsOff')} (${t(locale, 'account.smsNoMobile')})`;
  const recovery = html`${
    f.recoveryCodesLeft
      ? t(locale, 'account.recoveryLeft', { count: f.recoveryCodesLeft })
      : t(locale, 'account.recoveryNone')
  }
  ${f.totp || f.sms ? actionButton(m, '/account/recovery/new', t(locale, 'account.recoveryNew')) : ''}`;
  return html`<section class="account-section" aria-labelledby="methods-title">
    <h2 id="methods-title">${t(locale, 'account.methods')}</h2>
    <p class="lead">${t(locale, 'account.methodsLead')}</p>
    <dl class="summary">
      ${row(t(locale, 'account.totp'), totp)}${row(t(locale, 'account.sms'), sms)}${row(
        t(locale, 'account.recovery'),
        recovery,
      )}
    </dl>
  </section> `;
};

function methodNames(locale: Locale, amr: string[]): string {
  return amr
    .map((a) =>
      ['pwd', 'otp', 'sms', 'mfa'].includes(a) ? t(locale, `account.method.${a}` as MessageKey) : a,
    )
    .join('、');
}

export const sessionsSection: AccountSection = (m) => {
  const { locale } = m;
  const unknown = t(locale, 'account.unknown');
  return html`<section class="account-section" aria-labelledby="sessions-title">
    <h2 id="sessions-title">${t(locale, 'account.sessions')}</h2>
    <p class="lead">${t(locale, 'account.sessionsLead')}</p>
    ${
      m.sessions.length
        ? html`<ul class="session-list">
              ${m.sessions.map(
                (s) =>
                  html`<li class="session" data-session="${s.uid}">
                    <dl class="summary">
                      ${row(
                        t(locale, 'account.sessionAt'),
                        `${when(locale, s.signedInAt)}${s.uid === m.currentSessionUid ? ` ${t(locale, 'account.sessionThis')}` : ''}`,
                      )}${row(t(locale, 'account.sessionDevice'), s.userAgent ?? unknown)}${row(
                        t(locale, 'account.sessionPlace'),
                        s.ip ?? unknown,
                      )}${row(t(locale, 'account.sessionMethods'), methodNames(locale, s.amr))}
                    </dl>
                    <form class="inline-form" method="post" action="/account/sessions/end">
                      ${csrfField(m.csrf)}<input type="hidden" name="session" value="${s.uid}" />
                      <button class="button button--secondary" type="submit">
                        ${t(locale, 'account.sessionEnd')}
                      </button>
                    </form>
                  </li> `,
              )}
            </ul>
            ${actionButton(m, '/account/sessions/end-all', t(locale, 'account.sessionsEndAll'))}`
        : html`<p>${t(locale, 'account.sessionsNone')}</p>`
    }
  </section> `;
};

export const historySection: AccountSection = (m) => {
  const { locale } = m;
  const method = (r: SignInRecord) =>
    r.method === 'complete'
      ? `${t(locale, 'account.method.complete')}（${methodNames(locale, r.amr)}）`
      : t(locale, `account.method.${r.method}` as MessageKey);
  return html`<section class="account-section" aria-labelledby="history-title">
    <h2 id="history-title">${t(locale, 'account.history')}</h2>
    ${
      m.history.length
        ? html`<table class="history">
            <thead>
              <tr>
                <th scope="col">${t(locale, 'account.historyAt')}</th>
                <th scope="col">${t(locale, 'account.historyMethod')}</th>
                <th scope="col">${t(locale, 'account.historyOutcome')}</th>
                <th scope="col">${t(locale, 'account.sessionPlace')}</th>
              </tr>
            </thead>
            <tbody>
              ${m.history.map(
                (r) =>
                  html`<tr>
                    <td>${when(locale, r.at)}</td>
                    <td>${method(r)}</td>
                    <td>${t(locale, `account.outcome.${r.outcome}`)}</td>
                    <td>${r.ip ?? ''}</td>
                  </tr> `,
              )}
            </tbody>
          </table>`
        : html`<p>${t(locale, 'account.historyNone')}</p>`
    }
  </section> `;
};

/** 縣市帳號: each linked county identity, removable (after a recent sign-in, like every change). */
export const countyLinksSection: AccountSection = (m) => {
  const { locale } = m;
  if (!m.countyLinks) return html``;
  return html`<section class="account-section" aria-labelledby="county-title">
    <h2 id="county-title">${t(locale, 'account.county')}</h2>
    <p class="lead">${t(locale, 'account.countyLead')}</p>
    ${
      m.countyLinks.length
        ? html`<ul class="session-list">
            ${m.countyLinks.map(
              (l) =>
                html`<li class="county-link" data-county="${l.county}">
                  <h3>${l.countyName[locale]}</h3>
                  <dl class="summary">
                    ${row(t(locale, 'account.countyLinkedAt'), when(locale, l.linkedAt))}${row(
                      t(locale, 'account.countyLastUsed'),
                      l.lastLoginAt ? when(locale, l.lastLoginAt) : t(locale, 'account.countyNever'),
                    )}
                  </dl>
                  <form class="inline-form" method="post" action="/account/county/remove">
                    ${csrfField(m.csrf)}<input type="hidden" name="county" value="${l.county}" />
                    <button class="button button--secondary" type="submit">
                      ${t(locale, 'account.countyRemove', { county: l.countyName[locale] })}
                    </button>
                  </form>
                </li> `,
            )}
          </ul>`
        : html`<p>${t(locale, 'account.countyNone')}</p>`
    }
  </section> `;
};

/** The overview, in this order. */
export const ACCOUNT_SECTIONS: AccountSection[] = [
  profileSection,
  signInMethodsSection,
  countyLinksSection,
  sessionsSection,
  historySection,
];

export function accountPage(
  m: AccountPageModel,
  sections: readonly AccountSection[] = ACCOUNT_SECTIONS,
): string {
  const { locale } = m;
  const title = t(locale, 'account.title');
  const body = html`<h1 class="page-title">${title}</h1>
    ${notice(m.message)}${sections.map((s) => s(m))}${actionButton(m, '/account/logout', t(locale, 'account.signOut'))}`;
  return formLayout({ locale, title, body, switchLocaleHref: m.switchLocaleHref });
}
