import { makeNationalId } from '#identity-core';

/** The helpdesk's bulk import target: 10,000 lines in under 60 s (issue [admin]). */
export const ROSTER_ROWS = 10_000;
const HEADER = 'national_id,name,birth_date,school_id,titles,grade,class_no,class_title,year,semester';
const SURNAMES = ['王', '林', '陳', '張', '李', '黃', '吳', '劉', '蔡', '楊'];

/**
 * A roster in the `accounts:import` columns: 10,000 lines of two schools (`074601` 臺中市,
 * `193601` 臺北市) with Chinese names; every 200th line is bad in one of three ways (`bad`: line → code).
 * `npm run bench -- --roster` times it; the roster-import medium spec checks it.
 */
export function rosterFile(rows = ROSTER_ROWS): { csv: string; bad: Map<number, string> } {
  const bad = new Map<number, string>();
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const line = i + 2; // the header is line 1
    let nid = makeNationalId('A', i % 2 ? '1' : '2', String(3_000_000 + i));
    let birth = `2012-0${(i % 9) + 1}-1${i % 10}`;
    let school = i % 3 ? '074601' : '193601';
    if (i % 200 === 7) {
      nid = nid.slice(0, 9) + String((Number(nid[9]) + 1) % 10);
      bad.set(line, 'checksum');
    } else if (i % 200 === 77) {
      birth = '2012-13-40';
      bad.set(line, 'birth_date_invalid');
    } else if (i % 200 === 177) {
      school = '999999';
      bad.set(line, 'unknown_school');
    }
    const name = `${SURNAMES[i % 10]}同學${i}`;
    lines.push(
      `${nid},${name},${birth},${school},學生,${(i % 6) + 1},${String((i % 30) + 1).padStart(2, '0')},,114,1`,
    );
  }
  return { csv: lines.join('\r\n') + '\r\n', bad };
}
