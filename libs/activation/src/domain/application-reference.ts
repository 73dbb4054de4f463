import { PAPER_CODE, generateCode, readCode, type CodeFormat } from '#identity-core';

/**
 * An application's reference number (申請編號), shown on the "received" page and in every mail
 * about it, and asked for, with the birth date, by the status page. Random rather than the row
 * id, so it tells nobody how many others applied or which numbers exist: 31^8 ≈ 2^39, from the
 * paper-code alphabet without look-alikes, shown as `ABCD-EFGH`.
 */
const REFERENCE: CodeFormat = Object.freeze({ alphabet: PAPER_CODE.alphabet, length: 8, maxInput: 32 });

export function generateApplicationReference(): string {
  return generateCode(REFERENCE);
}

/** `ABCDEFGH` → `ABCD-EFGH`. */
export function formatApplicationReference(reference: string): string {
  return `${reference.slice(0, 4)}-${reference.slice(4)}`;
}

/** What was typed → the stored form, or null (full-width, lowercase, spaces and dashes forgiven). */
export function normalizeApplicationReference(input: unknown): string | null {
  return readCode(REFERENCE, input);
}
