import { createHmac } from 'node:crypto';

/** The mask the pages show for a mobile number: `09**-***-123` (the last three digits). */
export function maskMobile(phone: string): string {
  return `09**-***-${phone.slice(-3)}`;
}

/**
 * A stable look-alike for an account without an enrolled mobile, or a name that is no account:
 * the same three digits every time for the same subject, so asking twice tells nothing.
 */
export function lookAlikeMobile(key: Buffer, subject: string): string {
  const n = createHmac('sha256', key).update(`look-alike-mobile:${subject}`).digest().readUInt32BE(0);
  return maskMobile(String(n % 1000).padStart(3, '0'));
}
