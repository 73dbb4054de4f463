/** Email addresses and Taiwanese mobile numbers as they are registered and verified. */
export type ContactChannel = 'email' | 'phone';
export const CONTACT_CHANNELS: readonly ContactChannel[] = ['email', 'phone'];

export const EMAIL_MAX = 254;
const EMAIL =
  /^[^\s@<>"',;]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Trimmed and lowercased, or null when it is not a plausible address (no IDN, no quoting). */
export function normalizeEmail(input: string): string | null {
  if (typeof input !== 'string') return null;
  const v = input.normalize('NFKC').trim().toLowerCase();
  return v.length <= EMAIL_MAX && EMAIL.test(v) && !/\.{2}/.test(v) ? v : null;
}

/** `0912-345-678`, `0912 345 678`, `+886912345678` → `0912345678`; null unless a mobile number. */
export function normalizePhone(input: string): string | null {
  if (typeof input !== 'string' || input.length > 32) return null;
  let v = input.normalize('NFKC').replace(/[\s\-().]/g, '');
  if (v.startsWith('+886')) v = `0${v.slice(4)}`;
  else if (v.startsWith('886') && v.length === 12) v = `0${v.slice(3)}`;
  return /^09\d{8}$/.test(v) ? v : null;
}

/** For pages and operators: `ab***@example.com`, `0912***678`. */
export function maskContact(channel: ContactChannel, value: string): string {
  if (channel === 'phone') return `${value.slice(0, 4)}***${value.slice(-3)}`;
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  return `${local.slice(0, Math.min(2, Math.max(1, local.length - 1)))}***${value.slice(at)}`;
}
