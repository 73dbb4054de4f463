import { generateCode, PAPER_CODE, readCode } from '#identity-core';

/** How many recovery codes an account gets at a time (each works once). */
export const RECOVERY_CODE_COUNT = 10;

/**
 * Recovery codes are printed or written down, like activation codes: ten characters without
 * look-alikes (31^10 ≈ 2^49), shown as `ABCDE-FGHJK`.
 */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(generateCode(PAPER_CODE));
  return [...codes];
}

export function formatRecoveryCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What was typed → the code, or null when it cannot be one (separators and case forgiven). */
export function readRecoveryCode(input: string): string | null {
  return readCode(PAPER_CODE, input);
}
