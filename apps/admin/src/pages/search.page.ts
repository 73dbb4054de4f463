import type { SearchResult } from '#helpdesk';
import { html, inputField, type Locale } from '#web';
import { t } from '../i18n/index.js';
import { staffLayout, type FrameModel } from './frame.js';

export interface SearchPageModel extends FrameModel {
  q: string;
  school: string;
  result: SearchResult | null;
}

function pageHref(m: SearchPageModel, page: number): string {
  const p = new URLSearchParams();
  if (m.q) p.set('q', m.q);
  if (m.school) p.set('school', m.school);
  p.set('page', String(page));
  return `/?${p}`;
}

export const statusLabel = (locale: Locale, status: string) =>
  t(locale, `status.${status as 'pending' | 'active' | 'locked' | 'disabled'}`);

/** The signed-in home page: the search box (a GET form: results can be bookmarked and paged) and results. */
export function searchPage(m: SearchPageModel): string {
  const { locale, result } = m;
  const title = t(locale, 'search.title');
  const results = !result
    ? ''
    : !result.hits.length
      ? html`<p class="notice" role="status">${t(locale, 'search.none')}</p> `
      : html`<section aria-labelledby="results-title">
          <h2 id="results-title">${t(locale, 'search.results', { page: result.page })}</h2>
          <div class="table-scroll">
            <table class="history search-results">
              <thead>
                <tr>
                  <th scope="col">${t(locale, 'search.colName')}</th>
                  <th scope="col">${t(locale, 'search.colUsername')}</th>
                  <th scope="col">${t(locale, 'search.colStatus')}</th>
                  <th scope="col">${t(locale, 'search.colNationalId')}</th>
                  <th scope="col">${t(locale, 'search.colSchools')}</th>
                </tr>
              </thead>
              <tbody>
                ${result.hits.map(
                  (h) =>
                    html`<tr>
                      <td><a href="/accounts/${h.sub}">${h.displayName}</a></td>
                      <td>${h.username ?? '—'}</td>
                      <td>${statusLabel(locale, h.status)}</td>
                      <td>${h.nationalId ?? '—'}</td>
                      <td>${h.schools.join('、')}</td>
                    </tr> `,
                )}
              </tbody>
            </table>
          </div>
          <p class="pager">
            ${result.page > 1 ? html`<a href="${pageHref(m, result.page - 1)}">${t(locale, 'search.prev')}</a> ` : ''}
            ${result.hasNext ? html`<a href="${pageHref(m, result.page + 1)}">${t(locale, 'search.next')}</a>` : ''}
          </p>
        </section> `;
  const body = html`<h1 class="page-title">${title}</h1>
    <form class="form" method="get" action="/" role="search">
      ${inputField(
        locale,
        {
          name: 'q',
          label: t(locale, 'search.q'),
          hint: t(locale, 'search.qHint'),
          value: m.q,
          required: false,
        },
        [],
      )}
      ${inputField(locale, { name: 'school', label: t(locale, 'search.school'), value: m.school, required: false }, [])}
      <button class="button" type="submit">${t(locale, 'search.submit')}</button>
    </form>
    ${results}`;
  return staffLayout({ ...m, title, body });
}
