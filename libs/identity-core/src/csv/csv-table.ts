import { parse } from 'csv-parse/sync';

/**
 * The rules every imported CSV follows (school lists, teaching assignments, guardian links; the
 * account roster states the same ones): a header row naming the columns (any order, English or
 * Chinese names), then one record per physical line, so a broken line (an unclosed quote) is
 * reported with its own number and never swallows the lines after it. Lines that break a rule are
 * reported as `line N: field: reason`; the others are returned for the importer's own checks.
 */
export interface CsvTableSpec<C extends string> {
  columns: readonly C[];
  required: readonly C[];
  /** Header names as Chinese-language exports spell them. */
  aliases: Readonly<Record<string, C>>;
  /** Longest accepted value per column (characters), matching the database columns. */
  limits: Readonly<Record<C, number>>;
}

export interface CsvProblem<C extends string = string> {
  line: number;
  field?: C;
  code: string;
  message: string;
}

export interface CsvRecord<C extends string> {
  line: number;
  /** Every column of the spec; '' when absent or empty. NFC, trimmed. */
  values: Record<C, string>;
}

export interface CsvTable<C extends string> {
  records: CsvRecord<C>[];
  problems: CsvProblem<C>[];
  /** The whole file is unusable (empty, no header, missing columns). */
  fatal: CsvProblem<C> | null;
  /** Header names that are not columns of the spec; their values are ignored. */
  ignoredColumns: string[];
}

/** Longer lines are refused before parsing (no legitimate row comes near it). */
export const CSV_LINE_MAX = 2000;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function splitCsvLine(line: string): string[] | null {
  try {
    const records = parse(line, { relax_column_count: true, trim: true }) as string[][];
    return records.length === 1 ? records[0]! : null;
  } catch {
    return null;
  }
}

function columnOf<C extends string>(spec: CsvTableSpec<C>, name: string): C | null {
  const n = name
    .normalize('NFKC')
    .trim()
    .replace(/^\ufeff/, '');
  const lower = n.toLowerCase().replace(/[\s-]+/g, '_');
  if ((spec.columns as readonly string[]).includes(lower)) return lower as C;
  return spec.aliases[n] ?? spec.aliases[lower] ?? null;
}

export function readCsvTable<C extends string>(text: string, spec: CsvTableSpec<C>): CsvTable<C> {
  const lines = text.split(/\r\n|\n|\r/);
  const fatal = (line: number, message: string): CsvTable<C> => ({
    records: [],
    problems: [],
    fatal: { line, code: line === 1 && message.includes('empty') ? 'empty' : 'header', message },
    ignoredColumns: [],
  });
  const headerIndex = lines.findIndex((l) => l.replace(/[,\s\ufeff]/g, '') !== '');
  if (headerIndex < 0) return fatal(1, 'the file is empty');
  const headerLine = headerIndex + 1;
  const header = lines[headerIndex]!.length <= CSV_LINE_MAX ? splitCsvLine(lines[headerIndex]!) : null;
  if (!header) return fatal(headerLine, 'the header row is not valid CSV');
  const positions = new Map<C, number>();
  const ignoredColumns: string[] = [];
  for (const [i, name] of header.entries()) {
    const col = columnOf(spec, name);
    if (!col) {
      if (name.trim()) ignoredColumns.push(name.trim());
      continue;
    }
    if (positions.has(col)) return fatal(headerLine, `column ${col} appears twice`);
    positions.set(col, i);
  }
  const missing = spec.required.filter((c) => !positions.has(c));
  if (missing.length)
    return fatal(
      headerLine,
      `the header row must name the columns ${spec.required.join(', ')}; missing: ${missing.join(', ')}`,
    );

  const records: CsvRecord<C>[] = [];
  const problems: CsvProblem<C>[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = i + 1;
    if (raw.replace(/[,\s]/g, '') === '') continue; // blank, or a row of empty cells from a spreadsheet
    const problem = (code: string, message: string, field?: C) =>
      problems.push({ line, ...(field ? { field } : {}), code, message });
    if (raw.includes('\ufffd')) {
      problem('encoding', 'contains bytes that are neither UTF-8 nor Big5; save the file as UTF-8 or Big5');
      continue;
    }
    if (raw.length > CSV_LINE_MAX) {
      problem('too_long', `the line is longer than ${CSV_LINE_MAX} characters`);
      continue;
    }
    const cells = splitCsvLine(raw);
    if (!cells) {
      problem('csv_syntax', 'not valid CSV (unbalanced quotes?); a record must fit on one line');
      continue;
    }
    if (cells.length !== header.length) {
      problem('columns', `expected ${header.length} fields like the header, found ${cells.length}`);
      continue;
    }
    const before = problems.length;
    const values = {} as Record<C, string>;
    for (const c of spec.columns) {
      const p = positions.get(c);
      const v = p === undefined ? '' : cells[p]!.normalize('NFC').trim();
      if (spec.required.includes(c) && v === '') problem('required', 'is required', c);
      else if ([...v].length > spec.limits[c])
        problem('too_long', `is longer than ${spec.limits[c]} characters`, c);
      else if (CONTROL.test(v)) problem('format', 'contains control characters', c);
      values[c] = v;
    }
    if (problems.length === before) records.push({ line, values });
  }
  return { records, problems, fatal: null, ignoredColumns };
}
