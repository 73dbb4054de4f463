import type { StaffMember } from './staff-role.js';

/**
 * Who may decide 申請 (applications for an account from people no school provisioned).
 * Approving creates an identity and mails its activation code: an identity-proofing decision,
 * not one of the helpdesk's everyday, undoable actions. So only a superadmin approves or
 * rejects; the helpdesk sees the queue (to answer applicants who call) but does not decide.
 * County and school admins see no applications: they belong to no county or school.
 */
export function mayDecideApplications(staff: Pick<StaffMember, 'role'>): boolean {
  return staff.role === 'superadmin';
}

/** Who may upload rosters: the superadmin and county and school admins (within their scope), not the helpdesk. */
export function mayImportRosters(staff: Pick<StaffMember, 'role'>): boolean {
  return staff.role !== 'helpdesk';
}
