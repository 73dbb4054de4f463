/**
 * Masked contact details, as shown when someone chooses where a reset code or link goes:
 * enough for the owner to recognise (`09**-***-123`, `a***@gmail.com`), too little to contact.
 */

export type ResetChannelKind = 'email' | 'sms';

export interface ResetChannelOption {
  kind: ResetChannelKind;
  /** Safe to show to anyone who typed the identifier. */
  masked: string;
}

/**
 * Providers so common that showing them identifies nobody. Other domains (a school's, a
 * company's) are masked too: a rare domain would say more about its owner than the local part.
 */
export const COMMON_EMAIL_DOMAINS = [
  'gmail.com',
  'yahoo.com.tw',
  'hotmail.com',
  'outlook.com',
  'icloud.com',
  'yahoo.com',
  'msn.com',
  'livemail.tw',
  'hotmail.com.tw',
  'ms1.hinet.net',
] as const;

/** Every common domain, the big ones several times: roughly how often they occur. */
const LOOK_ALIKE_DOMAINS: readonly string[] = [
  ...Array<string>(5).fill('gmail.com'),
  ...Array<string>(3).fill('yahoo.com.tw'),
  ...Array<string>(2).fill('hotmail.com'),
  ...COMMON_EMAIL_DOMAINS.filter((d) => !['gmail.com', 'yahoo.com.tw', 'hotmail.com'].includes(d)),
];

const SECOND_LEVEL = new Set(['edu', 'com', 'gov', 'org', 'net', 'idv', 'ac', 'co', 'mil', 'game', 'club']);

/** `09**-***-678`; anything not a 10-digit mobile number keeps only its last three digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (/^09\d{8}$/.test(digits)) return `09**-***-${digits.slice(7)}`;
  return `${'*'.repeat(Math.max(3, digits.length - 3))}${digits.slice(-3)}`;
}

/** `l***@gmail.com`; an uncommon domain becomes `e***.edu.tw` (its public suffix stays readable). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  return `${[...local][0]}***@${maskDomain(domain)}`;
}

function maskDomain(domain: string): string {
  if ((COMMON_EMAIL_DOMAINS as readonly string[]).includes(domain)) return domain;
  const labels = domain.split('.').filter(Boolean);
  if (labels.length < 2) return '***';
  const suffixLength = labels.length >= 3 && SECOND_LEVEL.has(labels.at(-2)!) ? 2 : 1;
  const suffix = labels.slice(-suffixLength).join('.');
  const first = labels[0]!;
  return `${[...first][0]}***.${suffix}`;
}

/** `lin.student` → `li***ent`: recognisable to its owner in a reminder. */
export function maskUsername(username: string): string {
  const c = [...username];
  if (c.length <= 5) return `${c[0] ?? ''}***${c.length > 1 ? c.at(-1) : ''}`;
  return `${c.slice(0, 2).join('')}***${c.slice(-3).join('')}`;
}

/**
 * Plausible masked channels for an identifier with no usable account, from 32 keyed-hash bytes of
 * it, so the same input always shows the same choices. The split (about half both, a third email
 * only, the rest SMS only) should follow the real accounts'; operators can tune it from the data.
 */
export function lookAlikeChannels(bytes: Buffer): ResetChannelOption[] {
  if (bytes.length < 8) throw new RangeError('lookAlikeChannels needs 8 bytes');
  const shape = bytes[0]! % 100;
  const letter = (b: number) => String.fromCharCode(97 + (b % 26));
  const domain =
    bytes[2]! % 100 < 80
      ? LOOK_ALIKE_DOMAINS[bytes[3]! % LOOK_ALIKE_DOMAINS.length]!
      : `${letter(bytes[4]!)}***.edu.tw`;
  const email: ResetChannelOption = { kind: 'email', masked: `${letter(bytes[1]!)}***@${domain}` };
  const last3 = String(((bytes[5]! << 8) | bytes[6]!) % 1000).padStart(3, '0');
  const sms: ResetChannelOption = { kind: 'sms', masked: `09**-***-${last3}` };
  if (shape < 50) return [email, sms];
  if (shape < 85) return [email];
  return [sms];
}
