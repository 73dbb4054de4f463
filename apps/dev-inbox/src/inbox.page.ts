import { html, layout, type Locale } from '#web';
import type { InboxMessage } from './inbox.store.js';

const TEXT = {
  'zh-TW': {
    title: '開發用收件匣',
    lead: '本機開發時，服務寄出的電子郵件與簡訊都會出現在這裡（不會真的寄出）。頁面每 5 秒更新。',
    empty: '尚無訊息。試試啟用帳號、忘記密碼或一次性密碼登入。',
    mail: '電子郵件',
    sms: '簡訊',
    to: '收件者',
  },
  en: {
    title: 'Development inbox',
    lead: 'In development, every mail and SMS the service sends lands here (nothing leaves this machine). Refreshes every 5 s.',
    empty: 'No messages yet. Try activation, forgot password or a one-time code sign-in.',
    mail: 'Email',
    sms: 'SMS',
    to: 'To',
  },
} as const;

// Links in a message become clickable; everything else stays text.
const URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g;

function withLinks(text: string) {
  return text
    .split(URL_PATTERN)
    .map((part, i) => (i % 2 === 1 ? html`<a href="${part}">${part}</a>` : html`${part}`));
}

export function inboxPage(locale: Locale, messages: InboxMessage[]): string {
  const t = TEXT[locale];
  const items = messages.map(
    (m) =>
      html`<li class="inbox-message">
        <p>
          <strong>${m.kind === 'mail' ? t.mail : t.sms}</strong> · ${t.to} ${m.to} ·
          <time datetime="${m.receivedAt}">${m.receivedAt.replace('T', ' ').slice(0, 19)}</time>
        </p>
        ${m.subject ? html`<p><strong>${m.subject}</strong></p>` : ''}
        <pre class="inbox-message__text">${withLinks(m.text)}</pre>
      </li>`,
  );
  const body = html`<h1>${t.title}</h1>
    <p>${t.lead}</p>
    ${
      messages.length
        ? html`<ol class="inbox" reversed>
            ${items}
          </ol>`
        : html`<p>${t.empty}</p>`
    }`;
  return layout({
    locale,
    title: t.title,
    body,
    switchLocaleHref: `/?ui_locales=${locale === 'en' ? 'zh-TW' : 'en'}`,
  }).replace('<meta charset="utf-8" />', '<meta charset="utf-8" /><meta http-equiv="refresh" content="5" />');
}
