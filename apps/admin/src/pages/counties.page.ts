import type { CountyView } from '#county-federation';
import { csrfField, errorSummary, html, type FormError, type Locale, type SafeHtml } from '#web';
import { t } from '../i18n/index.js';
import { staffLayout, type FrameModel } from './frame.js';

export interface CountyForm {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  enabled: boolean;
  trustNationalId: boolean;
}

/** Every county provider, without secrets. */
export function countiesPage(m: FrameModel & { counties: CountyView[] }): string {
  const { locale } = m;
  const title = t(locale, 'county.title');
  const yesNo = (b: boolean) => t(locale, b ? 'county.yes' : 'county.no');
  const body = html`<h1 class="page-title">${title}</h1>
    <p><a class="button" href="/counties/new">${t(locale, 'county.new')}</a></p>
    ${
      !m.counties.length
        ? html`<p class="notice" role="status">${t(locale, 'county.none')}</p> `
        : html`<div class="table-scroll">
            <table class="history counties">
              <thead>
                <tr>
                  <th scope="col">${t(locale, 'county.colName')}</th>
                  <th scope="col">${t(locale, 'county.colId')}</th>
                  <th scope="col">${t(locale, 'county.colIssuer')}</th>
                  <th scope="col">${t(locale, 'county.colClientId')}</th>
                  <th scope="col">${t(locale, 'county.colTrust')}</th>
                  <th scope="col">${t(locale, 'county.colStatus')}</th>
                </tr>
              </thead>
              <tbody>
                ${m.counties.map(
                  (c) =>
                    html`<tr>
                      <td><a href="/counties/${c.id}">${c.name}</a></td>
                      <td><code>${c.id}</code></td>
                      <td>${c.issuer}</td>
                      <td>${c.clientId}</td>
                      <td>${yesNo(c.trustNationalId)}</td>
                      <td>${t(locale, c.enabled ? 'county.enabled' : 'county.disabled')}</td>
                    </tr> `,
                )}
              </tbody>
            </table>
          </div> `
    }`;
  return staffLayout({ ...m, title, body });
}

function field(name: string, label: string, value: string, type = 'text', required = true): SafeHtml {
  return html`<div class="field">
    <label class="field__label" for="${name}">${label}</label>
    <input
      class="input"
      id="${name}"
      name="${name}"
      type="${type}"
      value="${value}"
      autocomplete="off"
      ${required ? 'required' : ''}
    />
  </div> `;
}

function tick(name: string, label: string, checked: boolean): SafeHtml {
  return html`<label class="choice__option"
    ><input type="checkbox" name="${name}" value="yes" ${checked ? 'checked' : ''} /> ${label}</label
  > `;
}

/** The fields both forms share; the secret is write-only (never rendered back). */
function countyFields(locale: Locale, f: CountyForm, isNew: boolean): SafeHtml {
  return html`${isNew ? field('id', t(locale, 'county.id'), f.id) : ''}
    ${field('name', t(locale, 'county.name'), f.name)}
    ${field('issuer', t(locale, 'county.issuer'), f.issuer)}
    ${field('client_id', t(locale, 'county.clientId'), f.clientId)}
    ${field('client_secret', t(locale, isNew ? 'county.clientSecret' : 'county.secretKeep'), '', 'password', isNew)}
    <fieldset class="choice-list">${tick('enabled', t(locale, 'county.enabledLabel'), f.enabled)}</fieldset>
    <fieldset class="choice-list trust-approval">
      <legend>${t(locale, 'county.trustTitle')}</legend>
      <p class="notice notice--warning">${t(locale, 'county.trustWarning')}</p>
      ${tick('trust_national_id', t(locale, 'county.trustLabel'), f.trustNationalId)}
    </fieldset> `;
}

export function newCountyPage(m: FrameModel & { form: CountyForm; errors: FormError[] }): string {
  const { locale } = m;
  const title = t(locale, 'county.new');
  const body = html`<h1 class="page-title">${title}</h1>
    ${errorSummary(t(locale, 'county.errTitle'), m.errors, [])}
    <form class="form county-form" method="post" action="/counties">
      ${csrfField(m.csrf)}${countyFields(locale, m.form, true)}
      <button class="button" type="submit">${t(locale, 'county.add')}</button>
    </form>
    <p><a href="/counties">${t(locale, 'county.back')}</a></p>`;
  return staffLayout({ ...m, title, body });
}

export function countyPage(
  m: FrameModel & { county: CountyView; form: CountyForm; errors: FormError[]; message?: string },
): string {
  const { locale, county } = m;
  const title = county.name;
  const body = html`<h1 class="page-title">${title}</h1>
    ${m.message ? html`<p class="notice" role="status">${m.message}</p> ` : ''}
    <p>${t(locale, 'county.redirect', { uri: county.redirectUri })}</p>
    ${county.kind === 'oauth2' ? html`<p class="notice">${t(locale, 'county.oauth2')}</p> ` : ''}
    ${errorSummary(t(locale, 'county.errTitle'), m.errors, [])}
    <form class="form county-form" method="post" action="/counties/${county.id}/edit">
      ${csrfField(m.csrf)}${countyFields(locale, m.form, false)}
      <button class="button" type="submit">${t(locale, 'county.save')}</button>
    </form>
    ${
      county.enabled
        ? html`<form class="form county-disable" method="post" action="/counties/${county.id}/disable">
            ${csrfField(m.csrf)}<button class="button button--secondary" type="submit">
              ${t(locale, 'county.disable')}
            </button>
          </form> `
        : ''
    }
    <p><a href="/counties">${t(locale, 'county.back')}</a></p>`;
  return staffLayout({ ...m, title, body });
}
