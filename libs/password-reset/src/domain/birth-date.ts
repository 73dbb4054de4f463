export type BirthDateParse = { ok: true; value: string } | { ok: false; problem: 'required' | 'format' };

const WESTERN = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const WESTERN_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const ROC = /^(?:民國)?(\d{2,3})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const ROC_COMPACT = /^(\d{2,3})(\d{2})(\d{2})$/;

/**
 * A birth date as people in Taiwan write it → `YYYY-MM-DD`. Western (`1996-03-15`, `1996/3/15`,
 * `19960315`) and Republic of China years (`85/03/15`, `民國85年3月15日`, `0850315`, `850315`).
 */
export function parseBirthDate(input: string, today: Date): BirthDateParse {
  const s = input.normalize('NFKC').replace(/\s+/g, '');
  if (s === '') return { ok: false, problem: 'required' };
  if (s.length > 20) return { ok: false, problem: 'format' };
  let m = WESTERN.exec(s) ?? WESTERN_COMPACT.exec(s);
  let year: number;
  if (m) year = Number(m[1]);
  else {
    m = ROC.exec(s) ?? ROC_COMPACT.exec(s);
    if (!m) return { ok: false, problem: 'format' };
    year = Number(m[1]) + 1911;
  }
  const month = Number(m[2]);
  const day = Number(m[3]);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    d.getUTCFullYear() !== year ||
    d.getUTCMonth() !== month - 1 ||
    d.getUTCDate() !== day ||
    d.getTime() > today.getTime()
  )
    return { ok: false, problem: 'format' };
  return { ok: true, value: d.toISOString().slice(0, 10) };
}
