import type { ApplicationStatus } from '../../entities/account-application.entity.js';

/** What helpdesk staff see of an application: the national ID masked. */
export interface ApplicationView {
  id: string;
  status: ApplicationStatus;
  createdAt: string;
  nationalId: string;
  name: string;
  birthDate: string;
  email: string;
  phone: string;
  /** For pending ones checked now: an account or another pending application with the same national ID. */
  duplicateOf: 'account' | 'application' | null;
  /** What matched (pending ones, checked now): the national ID's blind index, or name + birth date. */
  duplicateBy: 'national_id' | 'name_birth_date' | null;
  /** The likely existing account (pending ones, when `duplicateOf` is `account`): its sub, for a link. */
  duplicateAccountSub: string | null;
  reviewer: string | null;
  reason: string | null;
  reviewedAt: string | null;
}

/**
 * Which applications a staff member's role reaches. Applications come from people no school
 * provisioned (lifelong learners): they belong to no county or school, so only a nationwide role
 * (`all`) sees or decides them; a county or school scope sees none (and finds none by id).
 */
export type ApplicationScope =
  { kind: 'all' } | { kind: 'county'; county: string } | { kind: 'school'; schoolId: string };

export const NATIONWIDE: ApplicationScope = { kind: 'all' };
