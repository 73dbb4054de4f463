import { normalizeLogin, parseNationalId } from '#identity-core';

/** What someone who forgot their password starts with: their username or their national ID. */
export type ResetIdentifier = { kind: 'username'; value: string } | { kind: 'nationalId'; value: string };

export type IdentifierProblem = 'required' | 'too_long' | 'format' | 'national_id_invalid';

export type IdentifierParse =
  { ok: true; identifier: ResetIdentifier } | { ok: false; problem: IdentifierProblem };

/** Longer than any username (64) with the account domain: refused before any look-up. */
export const MAX_IDENTIFIER = 100;

/**
 * Ten characters shaped like a national or resident ID (a letter, a digit or letter, eight digits)
 * are read as one, and refused with a clear message when the checksum fails. A username of that
 * shape is still reachable as `name@mail.edu.tw` (the page says so).
 */
const NATIONAL_ID_SHAPE = /^[A-Z][0-9A-Z]\d{8}$/;
/** Lenient on purpose (legacy usernames); only what can never be a username is refused. */
const USERNAME_SHAPE = /^[a-z][a-z0-9._-]{0,63}$/;

/**
 * Full-width input from Chinese IMEs (Ａ１２３…) is folded to ASCII first: unlike login, a reset
 * form should accept what people type. Nothing here looks anything up.
 */
export function parseResetIdentifier(input: string): IdentifierParse {
  const folded = input.normalize('NFKC').trim();
  if (folded === '') return { ok: false, problem: 'required' };
  if ([...folded].length > MAX_IDENTIFIER) return { ok: false, problem: 'too_long' };
  const upper = folded.toUpperCase();
  if (NATIONAL_ID_SHAPE.test(upper)) {
    const nid = parseNationalId(upper);
    return nid.ok
      ? { ok: true, identifier: { kind: 'nationalId', value: nid.value } }
      : { ok: false, problem: 'national_id_invalid' };
  }
  const username = normalizeLogin(folded);
  if (!username || !USERNAME_SHAPE.test(username)) return { ok: false, problem: 'format' };
  return { ok: true, identifier: { kind: 'username', value: username } };
}

/** One stable string per identifier, for keyed hashes and rate-limit keys (never stored or logged as is). */
export function identifierKey(id: ResetIdentifier): string {
  return id.kind === 'username' ? `u:${id.value}` : `n:${id.value}`;
}
