import { PAPER_CODE, generateCode, readCode } from '#identity-core';

/**
 * One-time activation codes that schools hand out on paper: the toolkit's PAPER_CODE, 10
 * characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as `ABCDE-FGHJK`.
 * 31^10 ≈ 2^49: far beyond online guessing under the AttemptGate's limits, which is why a fast
 * keyed hash is enough to store them (a slow salted hash would also make lookup by code impossible).
 */
export const CODE_ALPHABET = PAPER_CODE.alphabet;
export const CODE_LENGTH = PAPER_CODE.length;

export function generateActivationCode(): string {
  return generateCode(PAPER_CODE);
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
  return readCode(PAPER_CODE, input);
}
