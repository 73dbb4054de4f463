import { parseNationalId, readCsvTable, type CsvProblem, type CsvTableSpec } from '#identity-core';
import { EDUID } from './school-list.parser.js';

/** Parent–child links a school vouches for: one parent × child per line. */
export const GUARDIAN_COLUMNS = [
  'parent_national_id',
  'child_national_id',
  'school_id',
  'relationship',
] as const;
export type GuardianColumn = (typeof GUARDIAN_COLUMNS)[number];

const SPEC: CsvTableSpec<GuardianColumn> = {
  columns: GUARDIAN_COLUMNS,
  required: ['parent_national_id', 'child_national_id', 'school_id'],
  aliases: {
    家長身分證字號: 'parent_national_id',
    監護人身分證字號: 'parent_national_id',
    學生身分證字號: 'child_national_id',
    子女身分證字號: 'child_national_id',
    學校代碼: 'school_id',
    關係: 'relationship',
    稱謂: 'relationship',
  },
  limits: { parent_national_id: 10, child_national_id: 10, school_id: 16, relationship: 16 },
};

export interface GuardianRow {
  line: number;
  parentNationalId: string;
  childNationalId: string;
  schoolId: string;
  relationship: string | null;
}

export interface ParsedGuardianFile {
  rows: GuardianRow[];
  problems: CsvProblem<GuardianColumn>[];
  fatal: CsvProblem<GuardianColumn> | null;
  ignoredColumns: string[];
}

export function parseGuardianLinks(text: string): ParsedGuardianFile {
  const table = readCsvTable(text, SPEC);
  const rows: GuardianRow[] = [];
  const problems = [...table.problems];
  for (const { line, values: v } of table.records) {
    const before = problems.length;
    const problem = (field: GuardianColumn, code: string, message: string) =>
      problems.push({ line, field, code, message });
    const parent = parseNationalId(v.parent_national_id);
    const child = parseNationalId(v.child_national_id);
    for (const [field, r] of [
      ['parent_national_id', parent],
      ['child_national_id', child],
    ] as const)
      if (!r.ok)
        problem(
          field,
          r.reason,
          r.reason === 'checksum' ? 'check digit is wrong (typo?)' : 'is not a national ID',
        );
    if (parent.ok && child.ok && parent.value === child.value)
      problem('child_national_id', 'same_person', 'parent and child are the same person');
    if (!EDUID.test(v.school_id))
      problem('school_id', 'format', 'must be the ministry school code (6 letters or digits, e.g. 074601)');
    if (problems.length > before || !parent.ok || !child.ok) continue;
    rows.push({
      line,
      parentNationalId: parent.value,
      childNationalId: child.value,
      schoolId: v.school_id,
      relationship: v.relationship || null,
    });
  }
  return {
    rows,
    problems: problems.sort((a, b) => a.line - b.line),
    fatal: table.fatal,
    ignoredColumns: table.ignoredColumns,
  };
}
