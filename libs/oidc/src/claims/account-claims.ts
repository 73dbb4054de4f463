import { roleOfTitle, type AccountEntity, type AffiliationEntity, type PiiService } from '#identity-core';

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
  for (const a of affiliations) for (const t of a.titles) roles.add(roleOfTitle(t));
  return [...roles].sort();
}

interface ClaimInput {
  account: AccountEntity;
  issuer: string;
  pii: PiiService;
  /** Decrypted on first use only. */
  nationalId(): string | null;
}

/** How each claim is made from the account; computed only when it is going to be released. */
const CLAIM_SOURCES: Record<string, (input: ClaimInput) => unknown> = {
  sub: ({ account }) => account.sub,
  name: ({ account }) => account.displayName,
  given_name: ({ account }) => account.givenName ?? undefined,
  family_name: ({ account }) => account.familyName ?? undefined,
  preferred_username: ({ account }) => account.username ?? undefined,
  email: ({ account }) => account.email ?? undefined,
  email_verified: ({ account }) => (account.email ? account.emailVerified : undefined),
  phone_number: ({ account }) => (account.phone ? `+886${account.phone.slice(1)}` : undefined),
  phone_number_verified: ({ account }) => (account.phone ? account.phoneVerified : undefined),
  eduinfo: ({ account }) => buildEduInfo(account.sub, account.affiliations ?? []),
  educloudroles: ({ account }) => educloudRoles(account.affiliations ?? []),
  personid: ({ nationalId }) => nationalId() ?? undefined,
  guid: ({ nationalId, pii }) => {
    const id = nationalId();
    return id ? pii.guid(id) : undefined;
  },
  updated_at: ({ account }) =>
    account.updatedAt ? Math.floor(account.updatedAt.getTime() / 1000) : undefined,
  // Legacy OpenID 2.0 identifier: a stable URL per account under the issuer (docs/decisions.md).
  openid2: ({ account, issuer }) => `${issuer}/openid/${account.sub}`,
};

/**
 * The account's values of the `wanted` claims (the release policy decides what may be wanted).
 * The national ID is decrypted only when `personid` or `guid` is among them.
 */
export function accountClaims(
  account: AccountEntity,
  pii: PiiService,
  issuer: string,
  wanted: Iterable<string>,
): Record<string, unknown> {
  let decrypted: string | null | undefined;
  const input: ClaimInput = {
    account,
    issuer,
    pii,
    nationalId: () => (decrypted ??= account.nationalIdCipher ? pii.decrypt(account.nationalIdCipher) : null),
  };
  const out: Record<string, unknown> = { sub: account.sub };
  for (const name of wanted) if (Object.hasOwn(CLAIM_SOURCES, name)) out[name] = CLAIM_SOURCES[name]!(input);
  return out;
}
