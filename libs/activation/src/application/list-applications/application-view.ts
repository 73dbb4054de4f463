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
  reviewer: string | null;
  reason: string | null;
  reviewedAt: string | null;
}
