import type { AccountStatus } from '../../domain/index.js';

/** What operators see of an account: the national ID is always masked. */
export interface AccountView {
  sub: string;
  username: string | null;
  name: string;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
  phoneVerified: boolean;
  birthDate: string | null;
  nationalId: string | null;
  status: AccountStatus;
  createdAt: string;
  affiliations: {
    schoolId: string;
    schoolName: string | null;
    year: string;
    semester: string;
    titles: string[];
    grade: string | null;
    classNo: string | null;
    classTitle: string | null;
  }[];
}
