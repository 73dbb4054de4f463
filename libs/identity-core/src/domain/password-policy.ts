/**
 * Password acceptance rules per NIST SP 800-63B: length bounds, a blocklist of common
 * passwords and context-specific words. No composition rules (they make passwords
 * harder to remember without making them harder to guess).
 */
import { createRequire } from 'node:module';
import { DomainError, ValidationFailed } from './errors.js';
import { normalizeNationalId } from './national-id.js';

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_context';

export interface PasswordContext {
  username?: string;
  name?: string;
  email?: string;
  nationalId?: string;
  /** YYYY-MM-DD */
  birthDate?: string;
}

export interface PasswordPolicyOptions {
  minLength: number;
  maxLength: number;
}

/**
 * Compatibility-normalize before any check, as 800-63B recommends: full-width input
 * from CJK IMEs (ｐａｓｓｗｏｒｄ) must be judged, and hashed, like its ASCII form.
 * PasswordHasher applies the same normalization.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

let commonSet: Set<string> | undefined;

/**
 * The zxcvbn-ts common password list (~49k entries), lowercased. Loaded on first use:
 * decompressing it costs tens of milliseconds that processes never checking a
 * password should not pay. The package is CommonJS, so `require` gives a synchronous load.
 */
export function commonPasswords(): ReadonlySet<string> {
  if (!commonSet) {
    const require = createRequire(import.meta.url);
    const { dictionary } =
      require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    commonSet = new Set(dictionary['passwords-common'].map((p) => normalizePassword(p).toLowerCase()));
  }
  return commonSet;
}

/** Context words shorter than this are ignored (too many accidental matches). */
const MIN_WORD = 4;
/** A password that is "mostly" context words leaves fewer than this many characters once they are removed. */
const MIN_REMAINDER = 4;

const HAN = /\p{Script=Han}/u;
const codePoints = (s: string): number => [...s].length;
const norm = (s: string): string => normalizePassword(s).trim().toLowerCase();

interface ContextWords {
  /** Identifying data: refused wherever it appears in the password. */
  always: string[];
  /** Guessable but common substrings: refused only when the password is mostly made of them. */
  mostly: string[];
}

function contextWords(ctx: PasswordContext): ContextWords {
  const always: string[] = [];
  const mostly: string[] = [];
  const addMostly = (w: string, min = MIN_WORD) => {
    if (codePoints(w) >= min) mostly.push(w);
  };

  if (ctx.username) {
    const u = norm(ctx.username);
    addMostly(u);
    // `chen@mail.edu.tw` and similar: the local part is what people reuse.
    if (u.includes('@')) addMostly(u.slice(0, u.indexOf('@')));
  }
  if (ctx.email) {
    const e = norm(ctx.email);
    addMostly(e.includes('@') ? e.slice(0, e.indexOf('@')) : e);
  }
  if (ctx.name) {
    const name = norm(ctx.name);
    // Split on spaces and punctuation, including the middle dots of transliterated names (瓦歷斯·諾幹).
    const tokens = name.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
    const han = tokens.filter((t) => HAN.test(t));
    const other = tokens.filter((t) => !HAN.test(t));
    // A Chinese name is short but specific: the whole name counts from 2 characters.
    addMostly(han.join(''), 2);
    if (han.length > 1) han.forEach((t) => addMostly(t, 2));
    other.forEach((t) => addMostly(t));
    if (other.length > 1) addMostly(other.join('')); // "Li Wei" → "liwei"
  }
  if (ctx.nationalId) {
    const id = normalizeNationalId(normalizePassword(ctx.nationalId)).toLowerCase();
    if (codePoints(id) >= MIN_WORD) always.push(id);
    const digits = id.replace(/^[a-z]+/, '');
    if (digits !== id && codePoints(digits) >= MIN_WORD) always.push(digits);
  }
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ctx.birthDate?.trim() ?? '');
  if (birth) {
    const [yyyy, mm, dd] = [birth[1]!, birth[2]!, birth[3]!];
    const year = Number(yyyy);
    if (Number(mm) >= 1 && Number(mm) <= 12 && Number(dd) >= 1 && Number(dd) <= 31) {
      always.push(`${yyyy}${mm}${dd}`, `${yyyy.slice(2)}${mm}${dd}`, `${yyyy}-${mm}-${dd}`);
      const roc = year - 1911; // Republic of China calendar, common on Taiwanese documents
      if (roc >= 1) {
        always.push(`${String(roc).padStart(3, '0')}${mm}${dd}`);
        if (roc < 100) always.push(`${String(roc).padStart(2, '0')}${mm}${dd}`);
      }
      mostly.push(`${mm}${dd}`);
    }
  }
  return { always, mostly };
}

function containsContext(lowerPassword: string, ctx: PasswordContext): boolean {
  const { always, mostly } = contextWords(ctx);
  if (always.some((w) => lowerPassword.includes(w))) return true;
  // Strip every weak word (longest first) so combinations such as username + birthday
  // ("chen0315") count as "mostly context" even though each part alone leaves 4 characters.
  let remainder = lowerPassword;
  let matched = false;
  for (const w of [...new Set(mostly)].sort((a, b) => b.length - a.length)) {
    if (remainder.includes(w)) {
      matched = true;
      remainder = remainder.replaceAll(w, '');
    }
  }
  return matched && codePoints(remainder) < MIN_REMAINDER;
}

export class PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;

  constructor(options: Partial<PasswordPolicyOptions> = {}) {
    this.minLength = options.minLength ?? 8;
    this.maxLength = options.maxLength ?? 128;
    if (!Number.isInteger(this.minLength) || this.minLength < 1 || !Number.isInteger(this.maxLength)) {
      throw new DomainError('password_policy_invalid', 'password length bounds must be positive integers');
    }
    if (this.maxLength < this.minLength) {
      throw new DomainError('password_policy_invalid', 'maxLength must not be below minLength');
    }
  }

  /** All problems, in a stable order; empty when the password is acceptable. */
  check(password: string, context: PasswordContext = {}): PasswordProblem[] {
    const pw = normalizePassword(password);
    const problems: PasswordProblem[] = [];
    // Code points, not UTF-16 units: 密碼 is two characters to the user, and so to us.
    const length = codePoints(pw);
    if (length < this.minLength) problems.push('too_short');
    if (length > this.maxLength) problems.push('too_long');
    const lower = pw.toLowerCase();
    if (commonPasswords().has(lower)) problems.push('common');
    if (containsContext(lower, context)) problems.push('contains_context');
    return problems;
  }

  /** Throws ValidationFailed with one `password` problem per failed rule. */
  assert(password: string, context: PasswordContext = {}): void {
    const problems = this.check(password, context);
    if (problems.length > 0)
      throw new ValidationFailed(problems.map((code) => ({ field: 'password', code })));
  }
}
