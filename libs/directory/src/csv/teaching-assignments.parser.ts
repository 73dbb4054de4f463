import { parseNationalId, readCsvTable, type CsvProblem, type CsvTableSpec } from '#identity-core';
import { EDUID } from './school-list.parser.js';

/** Who teaches what: one teacher × school × term × class × subject per line. */
export const TEACHING_COLUMNS = [
  'national_id',
  'school_id',
  'year',
  'semester',
  'grade',
  'class_no',
  'class_title',
  'subject',
] as const;
export type TeachingColumn = (typeof TEACHING_COLUMNS)[number];

const SPEC: CsvTableSpec<TeachingColumn> = {
  columns: TEACHING_COLUMNS,
  required: ['national_id', 'school_id', 'year', 'semester', 'grade', 'class_no', 'subject'],
  aliases: {
    身分證字號: 'national_id',
    身分證統一編號: 'national_id',
    身份證字號: 'national_id',
    統一證號: 'national_id',
    教師身分證字號: 'national_id',
    學校代碼: 'school_id',
    學年度: 'year',
    學期: 'semester',
    年級: 'grade',
    班級代號: 'class_no',
    班號: 'class_no',
    班級名稱: 'class_title',
    班級: 'class_title',
    科目: 'subject',
    任教科目: 'subject',
    科目名稱: 'subject',
  },
  limits: {
    national_id: 10,
    school_id: 16,
    year: 3,
    semester: 1,
    grade: 4,
    class_no: 8,
    class_title: 64,
    subject: 64,
  },
};

export interface TeachingRow {
  line: number;
  nationalId: string;
  schoolId: string;
  year: string;
  semester: string;
  grade: string;
  classNo: string;
  classTitle: string | null;
  subject: string;
}

export interface ParsedTeachingFile {
  rows: TeachingRow[];
  problems: CsvProblem<TeachingColumn>[];
  fatal: CsvProblem<TeachingColumn> | null;
  ignoredColumns: string[];
}

/** Splits and validates; database checks (school known, teacher's account exists) come later. */
export function parseTeachingAssignments(text: string): ParsedTeachingFile {
  const table = readCsvTable(text, SPEC);
  const rows: TeachingRow[] = [];
  const problems = [...table.problems];
  for (const { line, values: v } of table.records) {
    const before = problems.length;
    const problem = (field: TeachingColumn, code: string, message: string) =>
      problems.push({ line, field, code, message });
    const nid = parseNationalId(v.national_id);
    if (!nid.ok)
      problem(
        'national_id',
        nid.reason,
        nid.reason === 'checksum'
          ? 'check digit is wrong (typo?)'
          : 'must be a letter and 9 digits (national ID) or a resident certificate number',
      );
    if (!EDUID.test(v.school_id))
      problem('school_id', 'format', 'must be the ministry school code (6 letters or digits, e.g. 074601)');
    if (!/^\d{2,3}$/.test(v.year)) problem('year', 'format', 'must be the ROC school year (e.g. 114)');
    if (!/^[12]$/.test(v.semester)) problem('semester', 'format', 'must be 1 or 2');
    if (problems.length > before || !nid.ok) continue;
    rows.push({
      line,
      nationalId: nid.value,
      schoolId: v.school_id,
      year: v.year,
      semester: v.semester,
      grade: v.grade,
      classNo: v.class_no,
      classTitle: v.class_title || null,
      subject: v.subject,
    });
  }
  return {
    rows,
    problems: problems.sort((a, b) => a.line - b.line),
    fatal: table.fatal,
    ignoredColumns: table.ignoredColumns,
  };
}
