/** The portal's client at the idp: public (PKCE), first party, registered by the portal at start. */
export const ADMIN_CLIENT_ID = 'edu-sso-admin';
export const ADMIN_CALLBACK = '/callback';
export const ADMIN_BACKCHANNEL = '/backchannel-logout';
export const ADMIN_SIGNED_OUT = '/signed-out';

export const SESSION = {
  /** `__Host-edu_admin` over https (see WebCookies.hostName). */
  cookie: 'edu_admin',
  txCookie: 'edu_admin_tx',
  /** OWASP ASVS 3.3: staff sessions time out after 15 idle minutes … */
  idleSeconds: 15 * 60,
  /** … and after 8 hours whatever the activity. */
  absoluteSeconds: 8 * 3600,
  txSeconds: 10 * 60,
  /** Revealing a national ID needs a sign-in (every factor) this recent. */
  freshSeconds: 5 * 60,
} as const;
