import { CSV_BOM, csvLine } from '#identity-core';
import type { RosterProblem } from '../roster/roster-parser.js';

/**
 * The row-level error report as CSV (UTF-8 with a BOM, so Excel in Taiwan opens it as UTF-8):
 * line, field, code, message. Written with identity-core's csvLine, whose cells a spreadsheet
 * would run as a formula are prefixed with an apostrophe (OWASP CSV injection).
 */
export function problemReportCsv(problems: readonly RosterProblem[]): string {
  return (
    CSV_BOM +
    csvLine(['line', 'field', 'code', 'message']) +
    problems.map((p) => csvLine([p.line, p.field ?? '', p.code, p.message])).join('')
  );
}
