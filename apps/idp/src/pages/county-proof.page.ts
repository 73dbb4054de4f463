import type { LocalizedText } from '#identity-core';
import { csrfField, html, safeUrl, type Locale, type SafeHtml } from '#web';
import { t } from '../i18n/index.js';

/** 使用縣市帳號證明身分 on /activate and /apply: the trusted counties, one button each. */
export interface CountyProofModel {
  /** POST target (`/activate/county`, `/apply/county`). */
  action: string;
  csrf: string;
  counties: { id: string; label: LocalizedText }[];
  lead: 'countyProof.activationLead' | 'countyProof.applyLead';
}

/** Nothing when no county is trusted for national IDs: the page is then the code-based one only. */
export function countyProofSection(locale: Locale, m: CountyProofModel | undefined): SafeHtml | '' {
  if (!m || m.counties.length === 0) return '';
  return html`<section class="county-proof" aria-labelledby="county-proof-title">
    <h2 id="county-proof-title">${t(locale, 'countyProof.title')}</h2>
    <p class="lead">${t(locale, m.lead)}</p>
    <form method="post" action="${safeUrl(m.action)}">
      ${csrfField(m.csrf)}
      <ul class="method-list">
        ${m.counties.map(
          (c) =>
            html`<li>
              <button class="button button--secondary" type="submit" name="county" value="${c.id}">
                ${c.label[locale]}
              </button>
            </li> `,
        )}
      </ul>
    </form>
  </section> `;
}
