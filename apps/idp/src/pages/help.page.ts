import {
  HELPDESK_EMAIL,
  HELPDESK_PHONES,
  html,
  layout,
  linkList,
  safeUrl,
  type Locale,
  type SafeHtml,
} from '#web';
import { HELP, HELP_TOPICS, type HelpTopic } from '../help/help-topics.js';
import { t } from '../i18n/index.js';

const href = (path: string, locale: Locale) => `${path}?ui_locales=${locale}`;

function contacts(locale: Locale): SafeHtml {
  return html`<section aria-labelledby="help-contact">
    <h2 id="help-contact">${t(locale, 'help.contact')}</h2>
    <p>${t(locale, 'help.contactLead')}</p>
    <dl class="helpdesk">
      <div>
        <dt>${t(locale, 'help.phone')}</dt>
        <dd>
          ${HELPDESK_PHONES.map(
            (p, i) => html`${i > 0 ? ' / ' : ''}<a class="phone" href="tel:${p.replace(/-/g, '')}">${p}</a>`,
          )}
        </dd>
      </div>
      <div>
        <dt>${t(locale, 'help.email')}</dt>
        <dd><a href="mailto:${HELPDESK_EMAIL}">${HELPDESK_EMAIL}</a></dd>
      </div>
    </dl>
  </section> `;
}

/** /help: one entry per way of signing in. */
export function helpIndexPage(m: { locale: Locale; switchLocaleHref: string }): string {
  const { locale } = m;
  const topics = HELP[locale];
  const body = html`<h1 class="page-title">${t(locale, 'help.title')}</h1>
    <p class="lead">${t(locale, 'help.lead')}</p>
    <ul class="help-topics">
      ${HELP_TOPICS.map(
        (topic) =>
          html`<li>
            <a href="${safeUrl(href(`/help/${topic}`, locale))}">${topics[topic].title}</a>
            <p>${topics[topic].summary}</p>
          </li> `,
      )}
    </ul>
    ${contacts(locale)}`;
  return layout({ locale, title: t(locale, 'help.title'), body, switchLocaleHref: m.switchLocaleHref });
}

/** /help/<topic>: how to sign in this way, what to do when it fails, and who to call. */
export function helpTopicPage(m: { locale: Locale; topic: HelpTopic; switchLocaleHref: string }): string {
  const { locale } = m;
  const text = HELP[locale][m.topic];
  const body = html`<h1 class="page-title">${text.title}</h1>
    <p class="lead">${text.summary}</p>
    <h2>${t(locale, 'help.how')}</h2>
    <ol>
      ${text.how.map((s) => html`<li>${s}</li> `)}
    </ol>
    <h2>${t(locale, 'help.fails')}</h2>
    <ul>
      ${text.fails.map((s) => html`<li>${s}</li> `)}
    </ul>
    ${contacts(locale)}
    ${linkList(locale, [
      ...text.links.map((l) => ({ href: href(l.path, locale), label: l.label })),
      { href: href('/help', locale), label: t(locale, 'help.index') },
    ])}`;
  return layout({ locale, title: text.title, body, switchLocaleHref: m.switchLocaleHref });
}
