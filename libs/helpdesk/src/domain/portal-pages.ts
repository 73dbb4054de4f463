import type { StaffMember } from './staff-role.js';

/**
 * The portal's configuration pages and who may open them. Everything else answers 404, the same
 * as an unknown address, by URL and by form post alike.
 * - notifications: superadmin and helpdesk (service-wide mail and SMS; requeueing is everyday
 *   helpdesk work, the list shows masked recipients only).
 * - clients, counties, the schools import: superadmin only.
 * - schools: every role searches and reads; editing is `mayEditSchool`.
 */
export type PortalPage = 'notifications' | 'clients' | 'counties' | 'schools' | 'schools-import';

export function mayOpen(staff: Pick<StaffMember, 'role'>, page: PortalPage): boolean {
  switch (page) {
    case 'notifications':
      return staff.role === 'superadmin' || staff.role === 'helpdesk';
    case 'schools':
      return true;
    default:
      return staff.role === 'superadmin';
  }
}

/**
 * Editing a school's name, county or status: a superadmin any school, a county admin the schools
 * of their county (and only to keep it there), a school admin their own school; helpdesk reads.
 */
export function mayEditSchool(
  staff: Pick<StaffMember, 'role' | 'county' | 'schoolId'>,
  school: { eduid: string; county: string },
  newCounty?: string,
): boolean {
  if (staff.role === 'superadmin') return true;
  if (staff.role === 'county-admin')
    return school.county === staff.county && (newCounty === undefined || newCounty === staff.county);
  if (staff.role === 'school-admin')
    return school.eduid === staff.schoolId && (newCounty === undefined || newCounty === school.county);
  return false;
}
