import { randomInt } from 'node:crypto';

/**
 * One-time activation codes that schools hand out on paper: 10 characters from an alphabet
 * without look-alikes (no 0/O, 1/I/L), shown as `ABCDE-FGHJK`. 31^10 ≈ 2^49: far beyond
 * online guessing under the per-ID and per-IP limits, which is why a fast keyed hash is enough
 * to store them (a slow salted hash would also make lookup by code impossible).
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 10;

const CODE_RE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export function generateActivationCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** `ABCDEFGHJK` → `ABCDE-FGHJK`, for print. */
export function formatActivationCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * What a person typed → the stored form, or null when it cannot be a code. Full-width input
 * (from CJK IMEs), lowercase, spaces and dashes are forgiven; look-alikes are not guessed at.
 */
export function normalizeActivationCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const v = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑–—_]/g, '');
  return CODE_RE.test(v) ? v : null;
}
