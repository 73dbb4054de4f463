/**
 * A recipient as operators' lists show it: enough to tell two messages apart with the holder on
 * the phone, never the full address. `l***@tp.edu.tw`, `09**-***-678`.
 */
export function maskRecipient(to: string): string {
  const at = to.lastIndexOf('@');
  if (at > 0) return `${[...to.slice(0, at)][0]}***${to.slice(at).toLowerCase()}`;
  const digits = to.replace(/\D/g, '');
  if (/^09\d{8}$/.test(digits)) return `09**-***-${digits.slice(7)}`;
  return `***${digits.slice(-3)}`;
}

/** An error text (an SMTP or SMS gateway reply) with every address and mobile number in it masked. */
export function redactContacts(text: string): string {
  return text
    .replace(/[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+\.[a-z]{2,}/gi, (m) => maskRecipient(m))
    .replace(/(?<!\d)(?:\+?886[\s-]?|0)9\d{2}[\s-]?\d{3}[\s-]?\d{3}(?!\d)/g, (m) =>
      maskRecipient(m.replace(/^\+?886[\s-]?/, '0')),
    );
}
