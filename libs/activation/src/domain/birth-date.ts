/**
 * Birth dates as people and school systems write them: `YYYY-MM-DD` (also with `/` or `.`) or
 * the Republic of China calendar (民國) `YYY/MM/DD`, e.g. 100/05/12 = 2011-05-12. A year of
 * two or three digits is an ROC year; four digits a Gregorian one. `YYYYMMDD` and the ROC
 * `YYYMMDD` (7 digits) are accepted too. The result is always `YYYY-MM-DD`.
 */
export type BirthDateProblem = 'format' | 'invalid' | 'out_of_range';

export type BirthDateResult = { ok: true; value: string } | { ok: false; reason: BirthDateProblem };

const SEPARATED = /^(\d{2,4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const COMPACT = /^(\d{3,4})(\d{2})(\d{2})$/;

export function parseBirthDate(input: string, today: Date = new Date()): BirthDateResult {
  if (typeof input !== 'string' || input.length > 32) return { ok: false, reason: 'format' };
  const v = input
    .normalize('NFKC')
    .trim()
    .replace(/^民國\s*/, '')
    .replace(/\s+/g, '');
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
