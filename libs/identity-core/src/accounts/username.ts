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

/** The characters a username may hold at all; anything else typed at login is not a username. */
const LOGIN_ALPHABET = /^[a-z0-9._-]{1,64}$/;

/**
 * Format (Cf: zero-width space and joiners, bidi marks, BOM, soft hyphen) and control (Cc: NUL,
 * tabs, newlines) characters: invisible, so a login that differs only by them is the same login.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * What was typed in the login field, normalised once: invisible characters removed, NFKC (so the
 * full-width `ｓｘ１２３` a Chinese IME produces is `sx123`), trimmed, lower-cased. The result is
 * not necessarily a username; it is what unknown logins are counted under (hashed).
 */
export function foldLogin(input: string): string {
  return String(input).replace(INVISIBLE, '').normalize('NFKC').trim().toLowerCase();
}

/**
 * What a user typed at login → the stored username, or null when it cannot be one. Checked
 * against the username alphabet before any lookup, so look-alikes (`ŝx`, `sé`, a combining
 * accent, Cyrillic `ѕ`) are refused instead of being matched by a database collation.
 */
export function normalizeLogin(input: string): string | null {
  let v = foldLogin(input);
  const at = v.lastIndexOf('@');
  if (at >= 0) {
    if (v.slice(at + 1) !== ACCOUNT_DOMAIN) return null;
    v = v.slice(0, at);
  }
  return LOGIN_ALPHABET.test(v) ? v : null;
}

/**
 * What a login that matches no account is counted and audited under (as a keyed hash, see
 * PiiService.loginPseudonym): the username it would be, else the folded text.
 */
export function unknownLoginKey(input: string): string {
  return normalizeLogin(input) ?? foldLogin(input);
}

export type UsernameProblem = 'format' | 'reserved';

export function checkUsername(username: string): UsernameProblem | null {
  if (!USERNAME.test(username) || username.includes('..')) return 'format';
  if (RESERVED.has(username)) return 'reserved';
  return null;
}
