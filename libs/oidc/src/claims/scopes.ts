/**
 * Scopes and the claims each one releases. The education-cloud scopes follow the existing
 * service (see docs/decisions.md for `guid` and `openid2`, README for `syncdata` and `relation`).
 */
export const SCOPE_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  eduinfo: ['eduinfo'],
  educloudroles: ['educloudroles'],
  personid: ['personid'],
  guid: ['guid'],
  openid2: ['openid2'],
  // When the account's data last changed (OIDC Core 5.1), so a syncing RP knows when to fetch again.
  syncdata: ['updated_at'],
};

/**
 * Scopes that release no claim in ID tokens or UserInfo but open a resource API, whose answer is
 * too large or changes too often to ride in a token (the teacher's classes, a parent's children).
 */
export const RESOURCE_SCOPES: Record<string, string> = {
  relation: '/moeresource/api/v2/oidc/relation',
};

export const SUPPORTED_SCOPES = [
  ...Object.keys(SCOPE_CLAIMS),
  ...Object.keys(RESOURCE_SCOPES),
  'offline_access',
];

/** What each scope releases, as discovery publishes it (`edu_sso_scopes`, beside `scopes_supported`). */
export function scopeReleases(issuer: string): Record<string, { claims?: string[]; resource?: string }> {
  return {
    ...Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([s, claims]) => [s, { claims }])),
    ...Object.fromEntries(
      Object.entries(RESOURCE_SCOPES).map(([s, path]) => [s, { resource: `${issuer}${path}` }]),
    ),
  };
}
