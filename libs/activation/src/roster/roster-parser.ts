import {
  parseBirthDate,
  parseNationalId,
  readCsvTable,
  type CsvProblem,
  type CsvTableSpec,
} from '#identity-core';

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

export type RosterProblem = CsvProblem<RosterColumn>;

export interface ParsedRoster {
  rows: RosterRow[];
  problems: RosterProblem[];
  /** The whole file is unusable (no header, missing columns). */
  fatal: RosterProblem | null;
  /** Header names that are not roster columns; their values are ignored. */
  ignoredColumns: string[];
}

/** Headers and line rules are those of every imported CSV (identity-core's `readCsvTable`). */
const SPEC: CsvTableSpec<RosterColumn> = {
  columns: ROSTER_COLUMNS,
  required: REQUIRED,
  aliases: ALIASES,
  limits: ROSTER_LIMITS,
};

function nationalIdMessage(reason: 'empty' | 'format' | 'checksum'): string {
  return reason === 'checksum'
    ? 'check digit is wrong (typo?)'
    : reason === 'empty'
      ? 'is required'
      : 'must be a letter and 9 digits (national ID) or a resident certificate number';
}

/** Splits and validates; database checks (school exists, existing accounts) come later. */
export function parseRoster(text: string, today: Date = new Date()): ParsedRoster {
  const table = readCsvTable(text, SPEC);
  if (table.fatal) return { rows: [], problems: [], fatal: table.fatal, ignoredColumns: [] };
  const problems: RosterProblem[] = [...table.problems];
  const rows: RosterRow[] = [];
  for (const { line, values: value } of table.records) {
    const problem = (code: string, message: string, field?: RosterColumn) =>
      problems.push({ line, ...(field ? { field } : {}), code, message });
    const before = problems.length;
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
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems, fatal: null, ignoredColumns: table.ignoredColumns };
}
