import { SIX_DIGITS, generateCode, readCode } from '#identity-core';

/** Six-digit codes that prove an email address or mobile number (the toolkit's SIX_DIGITS). */
export function generateVerificationCode(): string {
  return generateCode(SIX_DIGITS);
}

export function normalizeVerificationCode(input: string): string | null {
  return readCode(SIX_DIGITS, input);
}
