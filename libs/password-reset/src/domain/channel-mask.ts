/**
 * Masked contact details, as shown when someone chooses where a reset code or link goes:
 * enough for the owner to recognise (`09**-***-123`, `a***@g***.com`), too little to contact, and
 * shaped so that look-alikes for identifiers without an account cannot be told from real ones.
 */

export type ResetChannelKind = 'email' | 'sms';

export interface ResetChannelOption {
  kind: ResetChannelKind;
  /** Safe to show to anyone who typed the identifier. */
  masked: string;
}

/**
 * Email domain endings a mask shows. Anything else (`.jp`, `.co.uk`, `.io` …) shows as `***`: a rare
 * ending would say more about its owner than a look-alike can imitate.
 */
export const SHOWN_EMAIL_SUFFIXES = [
  'com',
  'net',
  'org',
  'edu',
  'tw',
  'com.tw',
  'edu.tw',
  'net.tw',
  'org.tw',
  'gov.tw',
  'idv.tw',
] as const;

/** The one form every masked address takes, real or look-alike: `a***@g***.com`. */
export const MASKED_EMAIL_PATTERN = new RegExp(
  `^[a-z0-9*]\\*{3}@[a-z0-9*]\\*{3}\\.(?:${SHOWN_EMAIL_SUFFIXES.map((x) => x.replace('.', '\\.')).join('|')}|\\*{3})$`,
);
export const MASKED_PHONE_PATTERN = /^09\*\*-\*\*\*-\d{3}$/;

/** Taiwanese mobile numbers, the only ones an SMS can reach (stored as `09xxxxxxxx`). */
export function isMobileNumber(phone: string): boolean {
  return /^09\d{8}$/.test(phone.replace(/\D/g, ''));
}

/** `09**-***-678`; anything not a 10-digit mobile number keeps only its last three digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (/^09\d{8}$/.test(digits)) return `09**-***-${digits.slice(7)}`;
  return `${'*'.repeat(Math.max(3, digits.length - 3))}${digits.slice(-3)}`;
}

/**
 * `lin.student@tp.edu.tw` → `l***@t***.edu.tw`: the first character of the address and of its
 * domain (lower case; `*` unless a-z or 0-9) and the ending if it is a shown one. Nothing else, not
 * even a common provider's name, so that every real mask is a shape look-alikes also take.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return emailMask('*', '*', '***');
  const labels = email
    .slice(at + 1)
    .toLowerCase()
    .split('.')
    .filter(Boolean);
  return emailMask(visibleInitial(email.slice(0, at)), visibleInitial(labels[0] ?? ''), shownSuffix(labels));
}

function emailMask(localInitial: string, domainInitial: string, suffix: string): string {
  return `${localInitial}***@${domainInitial}***.${suffix}`;
}

function visibleInitial(text: string): string {
  const c = [...text.normalize('NFKC').toLowerCase()][0] ?? '';
  return /^[a-z0-9]$/.test(c) ? c : '*';
}

/** The longest shown ending that leaves at least one label before it, else `***`. */
function shownSuffix(labels: string[]): string {
  for (const n of [2, 1]) {
    if (labels.length <= n) continue;
    const suffix = labels.slice(-n).join('.');
    if ((SHOWN_EMAIL_SUFFIXES as readonly string[]).includes(suffix)) return suffix;
  }
  return '***';
}

/** `lin.student` → `li***ent`: recognisable to its owner in a reminder. */
export function maskUsername(username: string): string {
  const c = [...username];
  if (c.length <= 5) return `${c[0] ?? ''}***${c.length > 1 ? c.at(-1) : ''}`;
  return `${c.slice(0, 2).join('')}***${c.slice(-3).join('')}`;
}

/** Weighted choices: `[value, weight]`. */
type Weighted = readonly (readonly [string, number])[];

/**
 * How addresses begin: roughly the initials of romanised Taiwanese names and of English words,
 * digits (student numbers) and a few that show as `*`. Every visible character has some weight, so
 * no real initial is one a look-alike never shows.
 */
const LOCAL_INITIALS: Weighted = [
  ...[...'abcdefghijklmnopqrstuvwxyz'].map(
    (c) =>
      [c, 'cjhklswy'.includes(c) ? 8 : 'abdefgmprt'.includes(c) ? 4 : 'inou'.includes(c) ? 2 : 1] as const,
  ),
  ...[...'0123456789'].map((c) => [c, 1] as const),
  ['*', 1],
];

/** Domain initials of school and other domains (providers have their own, below). */
const DOMAIN_INITIALS: Weighted = [
  ...[...'abcdefghijklmnopqrstuvwxyz'].map(
    (c) => [c, 'cgkmnst'.includes(c) ? 4 : 'xzq'.includes(c) ? 1 : 2] as const,
  ),
  ...[...'0123456789'].map((c) => [c, 1] as const),
  ['*', 1],
];

/** Endings of domains other than the big providers, with `***` standing for every other one. */
const OTHER_SUFFIXES: Weighted = [
  ['com', 30],
  ['com.tw', 20],
  ['net', 8],
  ['org', 10],
  ['tw', 6],
  ['net.tw', 4],
  ['org.tw', 6],
  ['gov.tw', 3],
  ['idv.tw', 2],
  ['edu', 3],
  ['edu.tw', 2],
  ['***', 6],
];

/**
 * Where addresses are (percent, a guess to tune from the real accounts' figures): the providers,
 * as `domain initial + ending`, then school (`x***.edu.tw`) and other domains.
 */
const DOMAIN_KINDS: Weighted = [
  ['g com', 40], // gmail.com
  ['y com.tw', 14], // yahoo.com.tw
  ['h com', 6], // hotmail.com
  ['o com', 4], // outlook.com
  ['i com', 3], // icloud.com
  ['y com', 2], // yahoo.com
  ['h com.tw', 1], // hotmail.com.tw
  ['m com', 1], // msn.com
  ['m net', 2], // ms*.hinet.net
  ['school', 16],
  ['other', 11],
];

function pick(table: Weighted, random: number): string {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let r = random % total;
  for (const [value, weight] of table) {
    if (r < weight) return value;
    r -= weight;
  }
  throw new Error('unreachable');
}

function lookAlikeEmail(bytes: Buffer): string {
  const kind = pick(DOMAIN_KINDS, bytes.readUInt32BE(4));
  const local = pick(LOCAL_INITIALS, bytes.readUInt32BE(8));
  if (kind === 'school' || kind === 'other') {
    const initial = pick(DOMAIN_INITIALS, bytes.readUInt32BE(12));
    return emailMask(
      local,
      initial,
      kind === 'school' ? 'edu.tw' : pick(OTHER_SUFFIXES, bytes.readUInt32BE(16)),
    );
  }
  const [initial, suffix] = kind.split(' ') as [string, string];
  return emailMask(local, initial, suffix);
}

/**
 * Plausible masked channels for an identifier with no usable account, from 32 keyed-hash bytes of
 * it, so the same input always shows the same choices. They are drawn from the forms real masks
 * take (`MASKED_EMAIL_PATTERN`, `MASKED_PHONE_PATTERN`), with every visible part possible, weighted
 * roughly as real addresses are. The split (about half both, a third email only, the rest SMS only)
 * should follow the real accounts'; operators can tune it from the data.
 */
export function lookAlikeChannels(bytes: Buffer): ResetChannelOption[] {
  if (bytes.length < 24) throw new RangeError('lookAlikeChannels needs 24 bytes');
  const shape = bytes.readUInt32BE(0) % 100;
  const email: ResetChannelOption = { kind: 'email', masked: lookAlikeEmail(bytes) };
  const last3 = String(bytes.readUInt32BE(20) % 1000).padStart(3, '0');
  const sms: ResetChannelOption = { kind: 'sms', masked: `09**-***-${last3}` };
  if (shape < 50) return [email, sms];
  if (shape < 85) return [email];
  return [sms];
}
