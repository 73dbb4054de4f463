import { mayImportRosters, mayOpen, type StaffMember } from '#helpdesk';
import { csrfField, html, layout, type Locale, type SafeHtml } from '#web';
import { t } from '../i18n/index.js';

export interface FrameModel {
  locale: Locale;
  staff: StaffMember;
  csrf: string;
  switchLocaleHref: string;
}

export function roleLabel(locale: Locale, staff: Pick<StaffMember, 'role' | 'county' | 'schoolId'>): string {
  return t(locale, `admin.role.${staff.role}`, { scope: staff.county ?? staff.schoolId ?? '' });
}

/** Every signed-in page: who is signed in, the menu, sign-out (a POST with its CSRF field). */
export function staffLayout(m: FrameModel & { title: string; body: SafeHtml }): string {
  const { locale, staff } = m;
  const body = html`<nav class="admin-bar" aria-label="${t(locale, 'admin.nav')}">
      <p class="admin-bar__who">
        ${t(locale, 'admin.signedInAs', { name: staff.displayName, role: roleLabel(locale, staff) })}
      </p>
      <ul class="admin-bar__links">
        <li><a href="/">${t(locale, 'admin.navSearch')}</a></li>
        <li><a href="/dashboard">${t(locale, 'admin.navDashboard')}</a></li>
        <li><a href="/applications">${t(locale, 'apps.nav')}</a></li>
        ${mayImportRosters(staff) ? html`<li><a href="/imports">${t(locale, 'imports.nav')}</a></li>` : ''}
        <li><a href="/audit">${t(locale, 'admin.navAudit')}</a></li>
        ${staff.role === 'superadmin' ? html`<li><a href="/staff">${t(locale, 'admin.navStaff')}</a></li>` : ''}
        ${mayOpen(staff, 'schools') ? html`<li><a href="/schools">${t(locale, 'admin.navSchools')}</a></li>` : ''}
        ${mayOpen(staff, 'clients') ? html`<li><a href="/clients">${t(locale, 'admin.navClients')}</a></li>` : ''}
        ${mayOpen(staff, 'counties') ? html`<li><a href="/counties">${t(locale, 'admin.navCounties')}</a></li>` : ''}
        ${mayOpen(staff, 'notifications') ? html`<li><a href="/notifications">${t(locale, 'admin.navNotifications')}</a></li>` : ''}
        <li>
          <form class="inline-form" method="post" action="/sign-out">
            ${csrfField(m.csrf)}<button class="button button--secondary" type="submit">
              ${t(locale, 'admin.signOut')}
            </button>
          </form>
        </li>
      </ul>
    </nav>
    ${m.body}`;
  return layout({ locale, title: m.title, body, switchLocaleHref: m.switchLocaleHref });
}
