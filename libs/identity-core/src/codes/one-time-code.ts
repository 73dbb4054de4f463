import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * The verification-code toolkit, part 1: what one-time codes and links look like. Codes are
 * random over an alphabet (email/SMS codes, OTP: six digits; activation codes printed on paper:
 * ten characters without look-alikes); links and form tickets carry 256 random bits. Part 2,
 * keyed storage by purpose, is OneTimeCodeHasher. Expiry, tries and single use live with each
 * feature's record of the code (a Redis flow, a database row), checked in one atomic update.
 */
export interface CodeFormat {
  readonly alphabet: string;
  readonly length: number;
  /** Longest input read at all, spaces included (a code typed with generous spacing still fits). */
  readonly maxInput: number;
}

/** Email and SMS codes, and next OTP (NIST SP 800-63B: at least six digits). */
export const SIX_DIGITS: CodeFormat = Object.freeze({ alphabet: '0123456789', length: 6, maxInput: 32 });

/** Codes handed out on paper: 31^10 ≈ 2^49, no 0/O, 1/I/L. */
export const PAPER_CODE: CodeFormat = Object.freeze({
  alphabet: '23456789ABCDEFGHJKMNPQRSTUVWXYZ',
  length: 10,
  maxInput: 64,
});

export function generateCode(format: CodeFormat): string {
  let code = '';
  for (let i = 0; i < format.length; i++) code += format.alphabet[randomInt(format.alphabet.length)];
  return code;
}

// Spaces, dashes (ASCII and typographic) and underscores people type between groups.
const SEPARATORS = /[\s\-‐‑–—_]/g;

/**
 * What a person typed → the code, or null when it cannot be one. Full-width input (CJK IMEs),
 * lower case and separators are forgiven; look-alikes are not guessed at.
 */
export function readCode(format: CodeFormat, input: unknown): string | null {
  if (typeof input !== 'string' || input.length > format.maxInput) return null;
  const v = input.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
  if (v.length !== format.length) return null;
  for (const ch of v) if (!format.alphabet.includes(ch)) return null;
  return v;
}

/** 32 random bytes, base64url: what links, tickets and flow cookies carry. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How a link token is stored: a plain hash suffices, 256 random bits cannot be guessed. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
