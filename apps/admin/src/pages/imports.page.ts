import type { RosterImportView } from '#activation';
import { csrfField, html } from '#web';
import { t } from '../i18n/index.js';
import { staffLayout, type FrameModel } from './frame.js';

/** Seconds between refreshes of the progress page while the import runs. */
export const REFRESH_SECONDS = 2;

/** The upload form: multipart, one CSV file, its CSRF field. */
export function importFormPage(m: FrameModel & { maxMb: number; error?: string }): string {
  const { locale } = m;
  const title = t(locale, 'imports.title');
  const body = html`<h1 class="page-title">${title}</h1>
    ${m.error ? html`<p class="notice notice--error" role="alert">${m.error}</p> ` : ''}
    <p>${t(locale, 'imports.lead')}</p>
    <form class="form" method="post" action="/imports" enctype="multipart/form-data">
      ${csrfField(m.csrf)}
      <div class="field">
        <label class="field__label" for="roster-file">${t(locale, 'imports.file', { mb: m.maxMb })}</label>
        <input class="input" id="roster-file" name="file" type="file" accept=".csv,text/csv" required />
      </div>
      <button class="button" type="submit">${t(locale, 'imports.submit')}</button>
    </form>
    <p><a href="/letters">${t(locale, 'imports.letters')}</a></p>`;
  return staffLayout({ ...m, title, body });
}

/**
 * Progress without JavaScript: a `<progress>` element and, until the import ends, a
 * `<meta http-equiv="refresh">` that reloads the page (no script, so the strict CSP stays).
 */
export function importProgressPage(m: FrameModel & { view: RosterImportView }): string {
  const { locale, view: v } = m;
  const title = t(locale, 'imports.progressTitle', { id: v.id });
  const ended = v.status === 'done' || v.status === 'failed';
  const status =
    v.status === 'running'
      ? t(locale, 'imports.status.running', { done: v.done, total: v.total })
      : v.status === 'failed'
        ? t(locale, 'imports.status.failed', { error: v.error ?? '' })
        : t(locale, `imports.status.${v.status}`);
  const result =
    v.status !== 'done'
      ? ''
      : html`<p class="import-summary">
            ${t(locale, 'imports.summary', {
              created: v.created,
              updated: v.updated,
              unchanged: v.unchanged,
              refused: v.refused,
            })}
          </p>
          ${
            v.refused
              ? html`<p>
                  <a class="import-report" href="/imports/${v.id}/report.csv" download
                    >${t(locale, 'imports.report')}</a
                  >
                </p>`
              : html`<p>${t(locale, 'imports.noProblems')}</p>`
          }
          ${
            v.classes.length
              ? html`<h2 id="classes-title">${t(locale, 'imports.classes')}</h2>
                  <ul class="import-classes" aria-labelledby="classes-title">
                    ${v.classes.map(
                      (c) =>
                        html`<li>
                          <a
                            href="/letters?${new URLSearchParams({ school: c.schoolId, grade: c.grade, classNo: c.classNo }).toString()}"
                            >${t(locale, 'imports.classLink', { ...c })}</a
                          >
                        </li> `,
                    )}
                  </ul> `
              : html`<p><a href="/letters">${t(locale, 'imports.letters')}</a></p> `
          }`;
  const body = html`<h1 class="page-title">${title}</h1>
    <p class="import-status" role="status" data-status="${v.status}">${status}</p>
    <p>
      <label for="import-progress">${t(locale, 'imports.progress')}</label>
      <progress id="import-progress" max="100" value="${v.percent}">${v.percent}%</progress>
    </p>
    ${ended ? '' : html`<p>${t(locale, 'imports.refreshing')}</p> `} ${result}
    <p><a href="/imports">${t(locale, 'imports.again')}</a></p>`;
  const page = staffLayout({ ...m, title, body });
  // Into the head (the frame has no slot for it); a constant, nothing from the request.
  return ended
    ? page
    : page.replace('<title>', `<meta http-equiv="refresh" content="${REFRESH_SECONDS}" /><title>`);
}
