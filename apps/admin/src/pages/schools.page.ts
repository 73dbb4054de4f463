import type { DirectoryImportReport, SchoolHit, SchoolSearch } from '#directory';
import { mayEditSchool, mayOpen } from '#helpdesk';
import { csrfField, errorSummary, html, inputField, type FormError, type Locale, type SafeHtml } from '#web';
import { t } from '../i18n/index.js';
import { staffLayout, type FrameModel } from './frame.js';

export const SCHOOL_IMPORT_MAX_MB = 8;

const statusLabel = (locale: Locale, s: string) =>
  t(locale, s === 'closed' ? 'school.status.closed' : 'school.status.open');

export interface SchoolsPageModel extends FrameModel {
  q: string;
  county: string;
  result: SchoolSearch;
}

function pageHref(m: SchoolsPageModel, page: number): string {
  const p = new URLSearchParams();
  if (m.q) p.set('q', m.q);
  if (m.county) p.set('county', m.county);
  p.set('page', String(page));
  return `/schools?${p}`;
}

/** Search by code, name and county (a GET form: pages can be bookmarked); edit links only where allowed. */
export function schoolsPage(m: SchoolsPageModel): string {
  const { locale, result } = m;
  const title = t(locale, 'school.title');
  const body = html`<h1 class="page-title">${title}</h1>
    ${
      mayOpen(m.staff, 'schools-import')
        ? html`<p><a href="/schools/import">${t(locale, 'school.importLink')}</a></p> `
        : ''
    }
    <form class="form" method="get" action="/schools" role="search">
      ${inputField(locale, { name: 'q', label: t(locale, 'school.q'), value: m.q, required: false }, [])}
      ${inputField(locale, { name: 'county', label: t(locale, 'school.county'), value: m.county, required: false }, [])}
      <button class="button" type="submit">${t(locale, 'school.search')}</button>
    </form>
    ${
      !result.hits.length
        ? html`<p class="notice" role="status">${t(locale, 'school.none')}</p> `
        : html`<div class="table-scroll">
              <table class="history schools">
                <thead>
                  <tr>
                    <th scope="col">${t(locale, 'school.colCode')}</th>
                    <th scope="col">${t(locale, 'school.colName')}</th>
                    <th scope="col">${t(locale, 'school.colCounty')}</th>
                    <th scope="col">${t(locale, 'school.colStatus')}</th>
                    <th scope="col"></th>
                  </tr>
                </thead>
                <tbody>
                  ${result.hits.map(
                    (s) =>
                      html`<tr>
                        <td>${s.eduid}</td>
                        <td>${s.name}</td>
                        <td>${s.county}</td>
                        <td>${statusLabel(locale, s.status)}</td>
                        <td>
                          ${
                            mayEditSchool(m.staff, s)
                              ? html`<a href="/schools/${s.eduid}">${t(locale, 'school.edit')}</a>`
                              : ''
                          }
                        </td>
                      </tr> `,
                  )}
                </tbody>
              </table>
            </div>
            <p class="pager">
              ${result.page > 1 ? html`<a href="${pageHref(m, result.page - 1)}">${t(locale, 'school.prev')}</a> ` : ''}
              ${result.hasNext ? html`<a href="${pageHref(m, result.page + 1)}">${t(locale, 'school.next')}</a>` : ''}
            </p> `
    }`;
  return staffLayout({ ...m, title, body });
}

/** One school's name, county (fixed for county and school admins) and status. */
export function schoolEditPage(
  m: FrameModel & { school: SchoolHit; errors: FormError[]; message?: string },
): string {
  const { locale, school } = m;
  const title = t(locale, 'school.editTitle', { code: school.eduid });
  const countyFixed = m.staff.role !== 'superadmin';
  const body = html`<h1 class="page-title">${title}</h1>
    ${m.message ? html`<p class="notice" role="status">${m.message}</p> ` : ''}
    ${errorSummary(t(locale, 'school.errTitle'), m.errors, [])}
    <form class="form school-form" method="post" action="/schools/${school.eduid}">
      ${csrfField(m.csrf)}
      ${inputField(locale, { name: 'name', label: t(locale, 'school.name'), value: school.name }, [])}
      ${inputField(
        locale,
        { name: 'county', label: t(locale, 'school.county'), value: school.county, readonly: countyFixed },
        [],
      )}
      <div class="field">
        <label class="field__label" for="status">${t(locale, 'school.status')}</label>
        <select class="input" id="status" name="status">
          ${(['open', 'closed'] as const).map(
            (s) =>
              html`<option value="${s}" ${school.status === s ? 'selected' : ''}>
                ${statusLabel(locale, s)}
              </option>`,
          )}
        </select>
      </div>
      <button class="button" type="submit">${t(locale, 'school.save')}</button>
    </form>
    <p><a href="/schools?q=${school.eduid}">${t(locale, 'school.back')}</a></p>`;
  return staffLayout({ ...m, title, body });
}

/** The upload form and, after an import, what it did line by line. */
export function schoolImportPage(m: FrameModel & { report?: DirectoryImportReport; error?: string }): string {
  const { locale, report } = m;
  const title = t(locale, 'school.importTitle');
  const summary: SafeHtml | '' = report
    ? html`<section aria-labelledby="report-title" class="import-report">
        <h2 id="report-title">${t(locale, 'school.reportTitle')}</h2>
        <p class="notice" role="status">
          ${t(locale, 'school.report', {
            rows: report.rows,
            encoding: report.encoding,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
            refused: report.problems.length,
          })}
        </p>
        ${
          report.problems.length
            ? html`<ul class="import-problems">
                ${report.problems
                  .slice(0, 200)
                  .map(
                    (p) =>
                      html`<li>
                        ${t(locale, 'school.problemLine', { line: p.line, field: p.field ?? '—', message: p.message })}
                      </li> `,
                  )}
              </ul> `
            : ''
        }
      </section> `
    : '';
  const body = html`<h1 class="page-title">${title}</h1>
    ${m.error ? errorSummary(t(locale, 'school.errTitle'), [{ message: m.error }], []) : ''} ${summary}
    <p>${t(locale, 'school.importLead', { mb: SCHOOL_IMPORT_MAX_MB })}</p>
    <form class="form school-import" method="post" action="/schools/import" enctype="multipart/form-data">
      ${csrfField(m.csrf)}
      <div class="field">
        <label class="field__label" for="file">${t(locale, 'school.file')}</label>
        <input class="input" id="file" name="file" type="file" accept=".csv,text/csv" required />
      </div>
      <button class="button" type="submit">${t(locale, 'school.import')}</button>
    </form>
    <p><a href="/schools">${t(locale, 'school.back')}</a></p>`;
  return staffLayout({ ...m, title, body });
}
