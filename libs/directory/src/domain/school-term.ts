/** A school term: ROC school year (學年度) and semester (學期). */
export interface SchoolTerm {
  year: string;
  semester: string;
}

const TAIPEI_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The term a date falls in, on Taiwan's calendar: the school year starts on 1 August (semester 1,
 * August–January), semester 2 runs February–July; the ROC year is the Gregorian year − 1911.
 * Schools start and end a few days either side; the `relation` API describes this term.
 */
export function schoolTermAt(now: Date): SchoolTerm {
  const taipei = new Date(now.getTime() + TAIPEI_OFFSET_MS);
  const y = taipei.getUTCFullYear() - 1911;
  const m = taipei.getUTCMonth() + 1;
  if (m >= 8) return { year: String(y), semester: '1' };
  if (m >= 2) return { year: String(y - 1), semester: '2' };
  return { year: String(y - 1), semester: '1' };
}

/** `05` and `5` are the same class number; school systems write either. */
export function sameClassNo(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (v: string | null | undefined) => (v ?? '').replace(/^0+(?=.)/, '');
  return norm(a) === norm(b);
}

/** The 導師 "subject" marks a class's homeroom teacher in teaching-assignment files. */
export const HOMEROOM_SUBJECT = '導師';

/** The title that makes an affiliation a pupil's (eduinfo's `學生`). */
export const STUDENT_TITLE = '學生';
