/**
 * Birth dates as people and school systems in Taiwan write them → `YYYY-MM-DD`. Gregorian
 * (`1996-03-15`, `1996/3/15`, `1996.3.15`, `19960315`) and Republic of China (民國) years, where a
 * year of two or three digits is an ROC year (+1911): `85/03/15`, `085-3-15`, `民國85年3月15日`,
 * `0850315`, `850315`. Full-width input (CJK IMEs) and spaces are forgiven. One parser for every
 * form that asks for a birth date (activation, application, password reset, username reminder).
 */
export type BirthDateProblem = 'required' | 'format' | 'invalid' | 'out_of_range';

export type BirthDateResult = { ok: true; value: string } | { ok: false; reason: BirthDateProblem };

const MAX_INPUT = 64;
// A four-digit year is Gregorian, two or three digits an ROC year; 年/月/日 as people write them.
const SEPARATED = /^(?:民國)?(\d{2,4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
// 8 digits: YYYYMMDD; 7 or 6: an ROC YYYMMDD / YYMMDD.
const COMPACT = /^(?:民國)?(\d{2,4})(\d{2})(\d{2})$/;

/** `today` bounds the range (1900-01-01 .. today, both included). */
export function parseBirthDate(input: string, today: Date): BirthDateResult {
  if (typeof input !== 'string' || input.length > MAX_INPUT) return { ok: false, reason: 'format' };
  const v = input.normalize('NFKC').replace(/\s+/g, '');
  if (v === '') return { ok: false, reason: 'required' };
  const m = SEPARATED.exec(v) ?? COMPACT.exec(v);
  if (!m) return { ok: false, reason: 'format' };
  const [yearText, monthText, dayText] = [m[1]!, m[2]!, m[3]!];
  const year = yearText.length === 4 ? Number(yearText) : Number(yearText) + 1911;
  const month = Number(monthText);
  const day = Number(dayText);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return { ok: false, reason: 'invalid' };
  if (year < 1900 || date.getTime() > today.getTime()) return { ok: false, reason: 'out_of_range' };
  return { ok: true, value: date.toISOString().slice(0, 10) };
}
