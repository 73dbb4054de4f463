import { html, layout, safeUrl, type Locale } from '#web';
import { isMessageKey, t } from '../i18n/index.js';

export interface ConsentPageModel {
  locale: Locale;
  /** The form's POST URL; the decision arrives as `decision=approve|deny`. */
  action: string;
  clientName: string;
  scopes: string[];
  /** Individual claims asked for through the `claims` parameter. */
  claims?: string[];
  switchLocaleHref: string;
}

function scopeText(locale: Locale, scope: string): string {
  const key = `scope.${scope}`;
  return isMessageKey(key) ? t(locale, key) : t(locale, 'consent.otherScope', { scope });
}

function claimText(locale: Locale, claim: string): string {
  const key = `claim.${claim}`;
  return isMessageKey(key) ? t(locale, key) : claim;
}

export function consentPage(m: ConsentPageModel): string {
  const { locale } = m;
  const scopes = [...new Set(m.scopes)];
  const claims = [...new Set(m.claims ?? [])];
  const body = html`<h1 class="page-title">${t(locale, 'consent.title')}</h1>
    <p class="lead">${t(locale, 'consent.intro', { client: m.clientName })}</p>
    <ul class="scope-list">
      ${scopes.map((s) => html`<li><span class="scope-list__text">${scopeText(locale, s)}</span> <code class="scope-list__code">${s}</code></li> `)}
    </ul>
    ${
      claims.length
        ? html`<p>${t(locale, 'consent.claims')}</p>
            <ul class="scope-list">
              ${claims.map((c) => html`<li><span class="scope-list__text">${claimText(locale, c)}</span> <code class="scope-list__code">${c}</code></li> `)}
            </ul> `
        : ''
    }
    <p class="note">${t(locale, 'consent.note')}</p>
    <form class="form" method="post" action="${safeUrl(m.action)}">
      <div class="button-group">
        <button class="button" type="submit" name="decision" value="approve">
          ${t(locale, 'consent.approve')}
        </button>
        <button class="button button--secondary" type="submit" name="decision" value="deny">
          ${t(locale, 'consent.deny')}
        </button>
      </div>
    </form> `;
  return layout({ locale, title: t(locale, 'consent.title'), body, switchLocaleHref: m.switchLocaleHref });
}
