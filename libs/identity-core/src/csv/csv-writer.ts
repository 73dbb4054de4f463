/** UTF-8 byte order mark: Excel in Taiwan opens a CSV as UTF-8 (Chinese intact) only with it. */
export const CSV_BOM = '\uFEFF';

/**
 * One CSV cell, safe to open in a spreadsheet: a value a spreadsheet would run as a formula
 * (starting with = + - @ tab or CR) is prefixed with an apostrophe (OWASP CSV injection), then
 * quoted when it holds a quote, comma or line break.
 */
export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF-terminated, as RFC 4180 has it). */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
