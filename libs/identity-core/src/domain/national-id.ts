/**
 * Taiwan national ID (身分證字號) and resident certificate (居留證號) numbers.
 *
 * Three formats share one checksum:
 *  - national ID        A123456789  letter + 1/2 (sex) + 8 digits
 *  - old resident cert  AB12345678  letter + A–D + 8 digits (issued before 2021)
 *  - new resident cert  A812345678  letter + 8/9 + 8 digits (2021 unified format)
 */
import { DomainError } from './errors.js';

export type NationalIdKind = 'national' | 'resident-old' | 'resident-new';

export type NationalIdParseResult =
  { ok: true; value: string; kind: NationalIdKind } | { ok: false; reason: 'empty' | 'format' | 'checksum' };

/** Area letter → two-digit code. Not alphabetical: I, O, W–Z were added later. */
// prettier-ignore
const LETTER_CODES: Readonly<Record<string, number>> = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, I: 34, J: 18, K: 19, L: 20, M: 21,
  N: 22, O: 35, P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, W: 32, X: 30, Y: 31, Z: 33,
};

// `\d` in JS regexes is ASCII-only, so full-width digits (１) never match.
const NATIONAL_RE = /^[A-Z][12]\d{8}$/;
const RESIDENT_OLD_RE = /^[A-Z][A-D]\d{8}$/;
const RESIDENT_NEW_RE = /^[A-Z][89]\d{8}$/;

/** Weights for positions 2..10 (the leading letter contributes tens×1 + units×9). */
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 1, 1] as const;

/**
 * Only trims and uppercases. Deliberately does not strip inner spaces or convert
 * full-width characters: such input is more likely a typo than a formatting choice.
 */
export function normalizeNationalId(input: string): string {
  return input.trim().toUpperCase();
}

function kindOf(value: string): NationalIdKind | null {
  if (NATIONAL_RE.test(value)) return 'national';
  if (RESIDENT_OLD_RE.test(value)) return 'resident-old';
  if (RESIDENT_NEW_RE.test(value)) return 'resident-new';
  return null;
}

/** Digit value of the second character; old resident letters count as the units digit of their code. */
function secondDigit(ch: string): number {
  return ch >= 'A' && ch <= 'D' ? LETTER_CODES[ch]! % 10 : Number(ch);
}

/** Weighted sum over the first `length` characters (9 for check-digit computation, 10 to verify). */
function weightedSum(value: string, length: number): number {
  const code = LETTER_CODES[value[0]!]!;
  let sum = Math.floor(code / 10) + (code % 10) * 9;
  for (let i = 1; i < length; i++) {
    const digit = i === 1 ? secondDigit(value[1]!) : Number(value[i]);
    sum += digit * WEIGHTS[i - 1]!;
  }
  return sum;
}

export function parseNationalId(input: string): NationalIdParseResult {
  const value = normalizeNationalId(input);
  if (value === '') return { ok: false, reason: 'empty' };
  const kind = kindOf(value);
  if (!kind) return { ok: false, reason: 'format' };
  if (weightedSum(value, 10) % 10 !== 0) return { ok: false, reason: 'checksum' };
  return { ok: true, value, kind };
}

export function isValidNationalId(input: string): boolean {
  return parseNationalId(input).ok;
}

/**
 * `A123456789` → `A1*****789`. Anything not 10 characters long is masked
 * completely: a mask function must never leak a malformed value into logs.
 */
export function maskNationalId(value: string): string {
  const v = normalizeNationalId(value);
  if (v.length !== 10) return '*'.repeat(v.length);
  return `${v.slice(0, 2)}*****${v.slice(7)}`;
}

/** Last four characters, e.g. for "末四碼" identity confirmation. Format is checked, checksum is not (legacy data). */
export function nationalIdLast4(value: string): string {
  const v = normalizeNationalId(value);
  if (!kindOf(v))
    throw new DomainError('national_id_invalid', 'not a national ID or resident certificate number');
  return v.slice(6);
}

/**
 * Builds a valid number from its first nine characters by appending the check digit.
 * For tests and seed data; throws on arguments that cannot form a valid number.
 */
export function makeNationalId(letter: string, secondChar: string, sevenDigits: string): string {
  // Checked per argument: a combined check would accept e.g. ('AB', '1', '234567').
  if (!/^[A-Z]$/.test(letter) || !/^[12A-D89]$/.test(secondChar) || !/^\d{7}$/.test(sevenDigits)) {
    throw new DomainError(
      'national_id_invalid',
      'makeNationalId: expected [A-Z], [12A-D89] and seven digits',
    );
  }
  const prefix = `${letter}${secondChar}${sevenDigits}`;
  const check = (10 - (weightedSum(prefix, 9) % 10)) % 10;
  return `${prefix}${check}`;
}
