import { randomInt } from 'node:crypto';

/** Six-digit codes that prove an email address or mobile number (NIST 800-63B: ≥ 6 digits). */
export function generateVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function normalizeVerificationCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 32) return null;
  const v = input.normalize('NFKC').replace(/[\s-]/g, '');
  return /^\d{6}$/.test(v) ? v : null;
}
