/** The mail domain every account lives under: `name` and `name@mail.edu.tw` are one login. */
export const ACCOUNT_DOMAIN = 'mail.edu.tw';

/** Lowercase letter first; letters, digits, `.`, `_`, `-`; 4–32 characters; no `..`. */
const USERNAME = /^[a-z][a-z0-9._-]{2,30}[a-z0-9]$/;

const RESERVED = new Set([
  'admin',
  'administrator',
  'root',
  'system',
  'support',
  'helpdesk',
  'postmaster',
  'hostmaster',
  'webmaster',
  'abuse',
  'security',
  'noreply',
  'no-reply',
  'oidcservice',
  'moe',
  'edu',
  'test',
]);

/** What a user typed at login → the stored username, or null when it cannot be one. */
export function normalizeLogin(input: string): string | null {
  let v = input.trim().toLowerCase();
  const at = v.lastIndexOf('@');
  if (at >= 0) {
    if (v.slice(at + 1) !== ACCOUNT_DOMAIN) return null;
    v = v.slice(0, at);
  }
  return v.length > 0 && v.length <= 64 ? v : null;
}

export type UsernameProblem = 'format' | 'reserved';

export function checkUsername(username: string): UsernameProblem | null {
  if (!USERNAME.test(username) || username.includes('..')) return 'format';
  if (RESERVED.has(username)) return 'reserved';
  return null;
}
