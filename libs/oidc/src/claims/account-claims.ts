import type { AccountEntity, AffiliationEntity, PiiService } from '#identity-core';

export interface EduInfo {
  sub: string;
  schoolid: string;
  titles: { schoolid: string; titles: string[] }[];
  classinfo: {
    year: string;
    semester: string;
    schoolid: string;
    grade: string;
    classno: string;
    classtitle: string;
  }[];
}

/** The `eduinfo` document exactly as the existing service shapes it, from the affiliations. */
export function buildEduInfo(sub: string, affiliations: AffiliationEntity[]): EduInfo {
  // Newest school year/semester first: the current school is the primary `schoolid`.
  const sorted = [...affiliations].sort((a, b) =>
    `${b.year}${b.semester}`.localeCompare(`${a.year}${a.semester}`),
  );
  const titles = new Map<string, Set<string>>();
  for (const a of sorted) {
    const set = titles.get(a.schoolId) ?? new Set<string>();
    a.titles.forEach((t) => set.add(t));
    titles.set(a.schoolId, set);
  }
  return {
    sub,
    schoolid: sorted[0]?.schoolId ?? '',
    titles: [...titles].map(([schoolid, t]) => ({ schoolid, titles: [...t] })),
    classinfo: sorted
      .filter((a) => a.grade || a.classNo)
      .map((a) => ({
        year: a.year,
        semester: a.semester,
        schoolid: a.schoolId,
        grade: a.grade ?? '',
        classno: a.classNo ?? '',
        classtitle: a.classTitle ?? '',
      })),
  };
}

/** Roles derived from titles, for RPs that only need student/teacher/staff. */
export function educloudRoles(affiliations: AffiliationEntity[]): string[] {
  const roles = new Set<string>();
  for (const a of affiliations)
    for (const t of a.titles)
      roles.add(t === '學生' ? 'student' : t === '家長' ? 'parent' : t === '教師' ? 'teacher' : 'staff');
  return [...roles].sort();
}

/** Every claim the account can release; oidc-provider filters them by the granted scopes and claims. */
export function accountClaims(
  account: AccountEntity,
  pii: PiiService,
  issuer: string,
): Record<string, unknown> {
  const affiliations = account.affiliations ?? [];
  const nationalId = account.nationalIdCipher ? pii.decrypt(account.nationalIdCipher) : null;
  return {
    sub: account.sub,
    name: account.displayName,
    given_name: account.givenName ?? undefined,
    family_name: account.familyName ?? undefined,
    preferred_username: account.username ?? undefined,
    email: account.email ?? undefined,
    email_verified: account.email ? account.emailVerified : undefined,
    phone_number: account.phone ? `+886${account.phone.slice(1)}` : undefined,
    phone_number_verified: account.phone ? account.phoneVerified : undefined,
    eduinfo: buildEduInfo(account.sub, affiliations),
    educloudroles: educloudRoles(affiliations),
    personid: nationalId ?? undefined,
    guid: nationalId ? pii.guid(nationalId) : undefined,
    // Legacy OpenID 2.0 identifier: a stable URL per account under the issuer (docs/decisions.md).
    openid2: `${issuer}/openid/${account.sub}`,
  };
}
