import { ValidationFailed } from '#identity-core';

export type ContactChannel = 'email' | 'phone';

const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

/** A typed address → the stored form (mobile: 09xxxxxxxx; email: trimmed), or ValidationFailed. */
export function readContact(channel: ContactChannel, input: string): string {
  const v = input.normalize('NFKC').trim();
  if (channel === 'email') {
    if (v.length > 254 || !EMAIL.test(v)) throw new ValidationFailed([{ field: 'email', code: 'format' }]);
    return v;
  }
  const digits = v.replace(/[\s-]/g, '').replace(/^\+886/, '0');
  if (!/^09\d{8}$/.test(digits)) throw new ValidationFailed([{ field: 'phone', code: 'format' }]);
  return digits;
}
