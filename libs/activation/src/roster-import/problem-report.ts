import type { RosterProblem } from '../roster/roster-parser.js';

/**
 * The row-level error report as CSV (UTF-8 with a BOM, so Excel in Taiwan opens it as UTF-8):
 * line, field, code, message. Cells that a spreadsheet would run as a formula are prefixed with
 * an apostrophe (OWASP CSV injection).
 */
export function problemReportCsv(problems: readonly RosterProblem[]): string {
  const lines = [
    ['line', 'field', 'code', 'message'],
    ...problems.map((p) => [String(p.line), p.field ?? '', p.code, p.message]),
  ];
  return '\uFEFF' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
