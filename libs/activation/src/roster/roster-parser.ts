import { parse } from 'csv-parse/sync';
import { parseBirthDate, parseNationalId } from '#identity-core';

/**
 * The provisioning CSV (see libs/activation/README.md): a header row, then one person × school ×
 * term per line. Each physical line is one record, so a broken line (say, an unclosed quote)
 * is reported with its own number and never swallows the lines after it.
 */
export const ROSTER_COLUMNS = [
  'national_id',
  'name',
  'birth_date',
  'school_id',
  'titles',
  'grade',
  'class_no',
  'class_title',
  'year',
  'semester',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

const REQUIRED: readonly RosterColumn[] = [
  'national_id',
  'name',
  'birth_date',
  'school_id',
  'titles',
  'year',
  'semester',
];

/** Header names as Chinese-language exports spell them. */
const ALIASES: Readonly<Record<string, RosterColumn>> = {
  身分證字號: 'national_id',
  身分證統一編號: 'national_id',
  身份證字號: 'national_id',
  統一證號: 'national_id',
  姓名: 'name',
  出生日期: 'birth_date',
  生日: 'birth_date',
  學校代碼: 'school_id',
  身分: 'titles',
  職稱: 'titles',
  年級: 'grade',
  班級代號: 'class_no',
  班號: 'class_no',
  班級名稱: 'class_title',
  班級: 'class_title',
  學年度: 'year',
  學期: 'semester',
};

/** Longest accepted value per column (characters), matching the database columns. */
export const ROSTER_LIMITS: Readonly<Record<RosterColumn, number>> = {
  national_id: 10,
  name: 64,
  birth_date: 10,
  school_id: 16,
  titles: 200,
  grade: 4,
  class_no: 8,
  class_title: 64,
  year: 3,
  semester: 1,
};
const TITLE_MAX = 32;
const TITLES_MAX = 10;
/** Longer lines are refused before parsing (no legitimate row comes near it). */
const LINE_MAX = 2000;

export interface RosterRow {
  line: number;
  nationalId: string;
  name: string;
  birthDate: string;
  schoolId: string;
  titles: string[];
  grade: string | null;
  classNo: string | null;
  classTitle: string | null;
  year: string;
  semester: string;
}

export interface RosterProblem {
  line: number;
  field?: RosterColumn;
  code: string;
  message: string;
}

export interface ParsedRoster {
  rows: RosterRow[];
  problems: RosterProblem[];
  /** The whole file is unusable (no header, missing columns). */
  fatal: RosterProblem | null;
  /** Header names that are not roster columns; their values are ignored. */
  ignoredColumns: string[];
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function columnOf(name: string): RosterColumn | null {
  const n = name
    .normalize('NFKC')
    .trim()
    .replace(/^\ufeff/, '');
  const lower = n.toLowerCase().replace(/[\s-]+/g, '_');
  if ((ROSTER_COLUMNS as readonly string[]).includes(lower)) return lower as RosterColumn;
  return ALIASES[n] ?? null;
}

function splitLine(line: string): string[] | null {
  try {
    const records = parse(line, { relax_column_count: true, trim: true }) as string[][];
    return records.length === 1 ? records[0]! : null;
  } catch {
    return null;
  }
}

function nationalIdMessage(reason: 'empty' | 'format' | 'checksum'): string {
  return reason === 'checksum'
    ? 'check digit is wrong (typo?)'
    : reason === 'empty'
      ? 'is required'
      : 'must be a letter and 9 digits (national ID) or a resident certificate number';
}

/** Splits and validates; database checks (school exists, existing accounts) come later. */
export function parseRoster(text: string, today: Date = new Date()): ParsedRoster {
  const lines = text.split(/\r\n|\n|\r/);
  const problems: RosterProblem[] = [];
  const rows: RosterRow[] = [];
  const fatal = (line: number, code: string, message: string): ParsedRoster => ({
    rows: [],
    problems: [],
    fatal: { line, code, message },
    ignoredColumns: [],
  });

  const headerIndex = lines.findIndex((l) => l.replace(/[,\s\ufeff]/g, '') !== '');
  if (headerIndex < 0) return fatal(1, 'empty', 'the file is empty');
  const headerLine = headerIndex + 1;
  const header = lines[headerIndex]!.length <= LINE_MAX ? splitLine(lines[headerIndex]!) : null;
  if (!header) return fatal(headerLine, 'header', 'the header row is not valid CSV');
  const positions = new Map<RosterColumn, number>();
  const ignoredColumns: string[] = [];
  header.forEach((name, i) => {
    const col = columnOf(name);
    if (!col) {
      if (name.trim()) ignoredColumns.push(name.trim());
      return;
    }
    if (positions.has(col)) return;
    positions.set(col, i);
  });
  const duplicate = header.map(columnOf).filter((c, i, all) => c && all.indexOf(c) !== i);
  if (duplicate.length) return fatal(headerLine, 'header', `column ${duplicate[0]} appears twice`);
  const missing = REQUIRED.filter((c) => !positions.has(c));
  if (missing.length)
    return fatal(
      headerLine,
      'header',
      `the header row must name the columns ${REQUIRED.join(', ')}; missing: ${missing.join(', ')}`,
    );

  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = i + 1;
    if (raw.replace(/[,\s]/g, '') === '') continue; // blank, or a row of empty cells from a spreadsheet
    const problem = (code: string, message: string, field?: RosterColumn) =>
      problems.push({ line, ...(field ? { field } : {}), code, message });
    if (raw.includes('\ufffd')) {
      problem('encoding', 'contains bytes that are neither UTF-8 nor Big5; save the file as UTF-8 or Big5');
      continue;
    }
    if (raw.length > LINE_MAX) {
      problem('too_long', `the line is longer than ${LINE_MAX} characters`);
      continue;
    }
    const cells = splitLine(raw);
    if (!cells) {
      problem('csv_syntax', 'not valid CSV (unbalanced quotes?); a record must fit on one line');
      continue;
    }
    if (cells.length !== header.length) {
      problem('columns', `expected ${header.length} fields like the header, found ${cells.length}`);
      continue;
    }
    const get = (c: RosterColumn) => {
      const p = positions.get(c);
      return p === undefined ? '' : cells[p]!.normalize('NFC').trim();
    };
    const before = problems.length;
    const value = {} as Record<RosterColumn, string>;
    for (const c of ROSTER_COLUMNS) {
      const v = get(c);
      if (REQUIRED.includes(c) && v === '' && c !== 'national_id') problem('required', 'is required', c);
      else if ([...v].length > ROSTER_LIMITS[c])
        problem('too_long', `is longer than ${ROSTER_LIMITS[c]} characters`, c);
      else if (CONTROL.test(v)) problem('format', 'contains control characters', c);
      value[c] = v;
    }
    if (problems.length > before) continue;

    const nid = parseNationalId(value.national_id);
    if (!nid.ok)
      problem(nid.reason === 'empty' ? 'required' : nid.reason, nationalIdMessage(nid.reason), 'national_id');
    const birth = parseBirthDate(value.birth_date, today);
    if (!birth.ok) {
      // An empty cell is a date in no format, as the roster's messages have always said.
      const reason = birth.reason === 'required' ? 'format' : birth.reason;
      problem(
        `birth_date_${reason}`,
        reason === 'format'
          ? 'must be YYYY-MM-DD or ROC YYY/MM/DD (e.g. 2011-05-12 or 100/05/12)'
          : birth.reason === 'invalid'
            ? 'is not a calendar date'
            : 'must be after 1900 and not in the future',
        'birth_date',
      );
    }
    if (!/^[0-9A-Za-z]{6,16}$/.test(value.school_id))
      problem('format', 'must be the ministry school code (6 letters or digits, e.g. 074601)', 'school_id');
    const titles = value.titles
      .split(/[|、]/)
      .map((t) => t.trim())
      .filter(Boolean);
    if (titles.length === 0) problem('required', 'is required (e.g. 學生 or 教師|教務主任)', 'titles');
    else if (titles.length > TITLES_MAX) problem('too_many', `at most ${TITLES_MAX} titles`, 'titles');
    else if (titles.some((t) => [...t].length > TITLE_MAX))
      problem('too_long', `each title at most ${TITLE_MAX} characters`, 'titles');
    if (!/^\d{2,3}$/.test(value.year)) problem('format', 'must be the ROC school year (e.g. 114)', 'year');
    if (!/^[12]$/.test(value.semester)) problem('format', 'must be 1 or 2', 'semester');
    if (problems.length > before || !nid.ok || !birth.ok) continue;

    rows.push({
      line,
      nationalId: nid.value,
      name: value.name,
      birthDate: birth.value,
      schoolId: value.school_id,
      titles: [...new Set(titles)],
      grade: value.grade || null,
      classNo: value.class_no || null,
      classTitle: value.class_title || null,
      year: value.year,
      semester: value.semester,
    });
  }
  return { rows, problems, fatal: null, ignoredColumns };
}
