/** The helpdesk portal's roles, widest first. */
export const STAFF_ROLES = ['superadmin', 'county-admin', 'school-admin', 'helpdesk'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A staff member as the portal sees them: their account and the one role they hold. */
export interface StaffMember {
  accountId: string;
  sub: string;
  username: string | null;
  displayName: string;
  role: StaffRole;
  /** county-admin only: the county whose schools' accounts they look after. */
  county: string | null;
  /** school-admin only: the school (eduid). */
  schoolId: string | null;
  grantedBy: string;
  grantedAt: Date;
}

/** Whose accounts a staff member may see and act on. */
export type StaffScope =
  { kind: 'all' } | { kind: 'county'; county: string } | { kind: 'school'; schoolId: string };

export function scopeOf(staff: Pick<StaffMember, 'role' | 'county' | 'schoolId'>): StaffScope {
  if (staff.role === 'county-admin') return { kind: 'county', county: staff.county! };
  if (staff.role === 'school-admin') return { kind: 'school', schoolId: staff.schoolId! };
  return { kind: 'all' };
}

/**
 * What the portal lets staff do to an account in their scope. Every role does the helpdesk's
 * everyday work; seeing a national ID in full is the superadmin's alone (and audited).
 */
export type StaffAction =
  | 'view'
  | 'unlock'
  | 'disable'
  | 'enable'
  | 'send-reset'
  | 'issue-activation'
  | 'reset-factors'
  | 'end-sessions'
  | 'edit-contact'
  | 'reveal-national-id';

export function mayDo(staff: Pick<StaffMember, 'role'>, action: StaffAction): boolean {
  if (action === 'reveal-national-id') return staff.role === 'superadmin';
  return true;
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}
