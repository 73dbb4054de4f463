import type { OidcClientEntity } from '#oidc';
import { csrfField, errorSummary, html, type FormError, type Locale, type SafeHtml } from '#web';
import { t } from '../i18n/index.js';
import { staffLayout, type FrameModel } from './frame.js';

/** The scopes a relying party may be given with a tick; `personid` has its own approval box. */
export const CLIENT_SCOPE_CHOICES = [
  'openid',
  'profile',
  'email',
  'phone',
  'eduinfo',
  'educloudroles',
  'guid',
  'openid2',
  'syncdata',
  'relation',
] as const;

export interface ClientForm {
  name: string;
  redirectUris: string;
  scopes: string[];
  approvePersonid: boolean;
}

const scopesOf = (c: OidcClientEntity) =>
  String(c.metadata.scope ?? '')
    .split(' ')
    .filter(Boolean);
const redirectsOf = (c: OidcClientEntity) => (c.metadata.redirect_uris as string[] | undefined) ?? [];

export function formOf(c: OidcClientEntity): ClientForm {
  return {
    name: c.name,
    redirectUris: redirectsOf(c).join('\n'),
    scopes: scopesOf(c),
    approvePersonid: c.personidApproved,
  };
}

function propagation(locale: Locale): SafeHtml {
  return html`<p class="notice" role="note">${t(locale, 'client.propagation')}</p> `;
}

/** Every relying party: name (as text), id, status, scopes, redirect URIs; a link to each. */
export function clientsPage(m: FrameModel & { clients: OidcClientEntity[] }): string {
  const { locale } = m;
  const title = t(locale, 'client.title');
  const body = html`<h1 class="page-title">${title}</h1>
    ${propagation(locale)}
    <p><a class="button" href="/clients/new">${t(locale, 'client.new')}</a></p>
    ${
      !m.clients.length
        ? html`<p class="notice" role="status">${t(locale, 'client.none')}</p> `
        : html`<div class="table-scroll">
            <table class="history clients">
              <thead>
                <tr>
                  <th scope="col">${t(locale, 'client.colName')}</th>
                  <th scope="col">${t(locale, 'client.colId')}</th>
                  <th scope="col">${t(locale, 'client.colStatus')}</th>
                  <th scope="col">${t(locale, 'client.colScopes')}</th>
                  <th scope="col">${t(locale, 'client.colRedirects')}</th>
                </tr>
              </thead>
              <tbody>
                ${m.clients.map(
                  (c) =>
                    html`<tr>
                      <td><a href="/clients/${c.clientId}">${c.name}</a></td>
                      <td><code>${c.clientId}</code></td>
                      <td>${t(locale, c.enabled ? 'client.enabled' : 'client.disabled')}</td>
                      <td>${scopesOf(c).join(' ')}</td>
                      <td>${redirectsOf(c).join(' ')}</td>
                    </tr> `,
                )}
              </tbody>
            </table>
          </div> `
    }`;
  return staffLayout({ ...m, title, body });
}

/** Redirect URIs, scope ticks and the separate, warned national-ID approval. */
function registrationFields(locale: Locale, f: ClientForm, withName: boolean): SafeHtml {
  return html`${
      withName
        ? html`<div class="field">
            <label class="field__label" for="name">${t(locale, 'client.name')}</label>
            <input class="input" id="name" name="name" type="text" value="${f.name}" required />
          </div> `
        : ''
    }
    <div class="field">
      <label class="field__label" for="redirect_uris">${t(locale, 'client.redirects')}</label>
      <textarea class="input" id="redirect_uris" name="redirect_uris" rows="4">${f.redirectUris}</textarea>
    </div>
    <fieldset class="choice-list">
      <legend>${t(locale, 'client.scopes')}</legend>
      ${CLIENT_SCOPE_CHOICES.map(
        (s) =>
          html`<label class="choice__option"
            ><input type="checkbox" name="scope" value="${s}" ${f.scopes.includes(s) ? 'checked' : ''} />
            ${s}</label
          > `,
      )}
    </fieldset>
    <fieldset class="choice-list personid-approval">
      <legend>${t(locale, 'client.personidTitle')}</legend>
      <p class="notice notice--warning">${t(locale, 'client.personidWarning')}</p>
      <label class="choice__option"
        ><input type="checkbox" name="approve_personid" value="yes" ${f.approvePersonid ? 'checked' : ''} />
        ${t(locale, 'client.personidApprove')}</label
      >
    </fieldset> `;
}

function errorMessages(locale: Locale, errors: FormError[]): SafeHtml | '' {
  return errorSummary(t(locale, 'client.errTitle'), errors, []);
}

/** Registering a relying party. */
export function newClientPage(m: FrameModel & { form: ClientForm; errors: FormError[] }): string {
  const { locale } = m;
  const title = t(locale, 'client.new');
  const body = html`<h1 class="page-title">${title}</h1>
    ${errorMessages(locale, m.errors)}
    <form class="form client-form" method="post" action="/clients">
      ${csrfField(m.csrf)}${registrationFields(locale, m.form, true)}
      <button class="button" type="submit">${t(locale, 'client.create')}</button>
    </form>
    <p><a href="/clients">${t(locale, 'client.back')}</a></p>`;
  return staffLayout({ ...m, title, body });
}

/** One relying party: edit its redirect URIs and scopes, rotate its secret, disable or enable it. */
export function clientPage(
  m: FrameModel & { client: OidcClientEntity; form: ClientForm; errors: FormError[]; message?: string },
): string {
  const { locale, client } = m;
  const title = client.name;
  const post = (action: string, label: string, cls = 'button button--secondary') =>
    html`<form class="form client-${action}" method="post" action="/clients/${client.clientId}/${action}">
      ${csrfField(m.csrf)}<button class="${cls}" type="submit">${label}</button>
    </form> `;
  const body = html`<h1 class="page-title">${title}</h1>
    ${m.message ? html`<p class="notice" role="status">${m.message}</p> ` : ''} ${propagation(locale)}
    <dl class="summary">
      <div>
        <dt>${t(locale, 'client.colId')}</dt>
        <dd><code>${client.clientId}</code></dd>
      </div>
      <div>
        <dt>${t(locale, 'client.colStatus')}</dt>
        <dd>${t(locale, client.enabled ? 'client.enabled' : 'client.disabled')}</dd>
      </div>
    </dl>
    ${errorMessages(locale, m.errors)}
    <form class="form client-form" method="post" action="/clients/${client.clientId}/edit">
      ${csrfField(m.csrf)}${registrationFields(locale, m.form, false)}
      <button class="button" type="submit">${t(locale, 'client.save')}</button>
    </form>
    ${client.secretCipher ? post('rotate', t(locale, 'client.rotate')) : ''}
    ${client.enabled ? post('disable', t(locale, 'client.disable')) : post('enable', t(locale, 'client.enable'))}
    <p><a href="/clients">${t(locale, 'client.back')}</a></p>`;
  return staffLayout({ ...m, title, body });
}

/** The new secret, once; after that (a reload, the back button) only that it is gone. */
export function clientSecretPage(
  m: FrameModel & { client: OidcClientEntity; secret: string | null },
): string {
  const { locale, client } = m;
  const title = t(locale, 'client.secretTitle');
  const body = html`<h1 class="page-title">${title}</h1>
    <dl class="summary">
      <div>
        <dt>${t(locale, 'client.colName')}</dt>
        <dd>${client.name}</dd>
      </div>
      <div>
        <dt>${t(locale, 'client.colId')}</dt>
        <dd><code class="client-id">${client.clientId}</code></dd>
      </div>
    </dl>
    ${
      m.secret
        ? html`<p>${t(locale, 'client.secretLead')}</p>
            <p><code class="client-secret">${m.secret}</code></p> `
        : html`<p class="notice" role="status">
            ${t(locale, client.secretCipher ? 'client.secretGone' : 'client.noSecret')}
          </p> `
    }
    ${propagation(locale)}
    <p><a href="/clients/${client.clientId}">${t(locale, 'client.back')}</a></p>`;
  return staffLayout({ ...m, title, body });
}
