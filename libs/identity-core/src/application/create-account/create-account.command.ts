export interface CreateAccountCommand {
  username: string;
  password: string;
  displayName: string;
  givenName?: string;
  familyName?: string;
  nationalId: string;
  birthDate?: string;
  email?: string;
  phone?: string;
  /** Verified flags: true only when the caller has verified the channel (CLI, seeds, imports). */
  emailVerified?: boolean;
  phoneVerified?: boolean;
  affiliation?: {
    schoolId: string;
    titles: string[];
    year: string;
    semester: string;
    grade?: string;
    classNo?: string;
    classTitle?: string;
  };
  actor: string;
}
