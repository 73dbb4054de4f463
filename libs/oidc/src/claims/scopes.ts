/**
 * Scopes and the claims each one releases. The education-cloud scopes follow the existing
 * service (see docs/decisions.md for `guid` and `openid2`).
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
};

export const SUPPORTED_SCOPES = [...Object.keys(SCOPE_CLAIMS), 'offline_access'];
