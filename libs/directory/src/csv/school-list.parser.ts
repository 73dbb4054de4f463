import { readCsvTable, type CsvProblem, type CsvTableSpec } from '#identity-core';

/**
 * The ministry's school lists (各級學校名錄, published as CSV in UTF-8 or Big5). Column names vary
 * between the lists; the Chinese ones they use are accepted as aliases.
 */
export const SCHOOL_COLUMNS = [
  'eduid',
  'schoolname',
  'county',
  'year',
  'oid',
  'tel',
  'url',
  'address',
  'schoolsystem',
] as const;
export type SchoolColumn = (typeof SCHOOL_COLUMNS)[number];

const SPEC: CsvTableSpec<SchoolColumn> = {
  columns: SCHOOL_COLUMNS,
  required: ['eduid', 'schoolname', 'county'],
  aliases: {
    代碼: 'eduid',
    學校代碼: 'eduid',
    學校代號: 'eduid',
    schoolid: 'eduid',
    school_id: 'eduid',
    學校名稱: 'schoolname',
    校名: 'schoolname',
    name: 'schoolname',
    縣市名稱: 'county',
    縣市: 'county',
    縣市別: 'county',
    學年度: 'year',
    學校oid: 'oid',
    電話: 'tel',
    網址: 'url',
    地址: 'address',
    學制: 'schoolsystem',
    體系別: 'schoolsystem',
    學制別: 'schoolsystem',
  },
  limits: {
    eduid: 16,
    schoolname: 128,
    county: 32,
    year: 3,
    oid: 128,
    tel: 64,
    url: 255,
    address: 255,
    schoolsystem: 200,
  },
};

export interface SchoolRow {
  line: number;
  eduid: string;
  name: string;
  county: string;
  year: string | null;
  oid: string | null;
  tel: string | null;
  url: string | null;
  address: string | null;
  schoolSystems: string[];
}

export interface ParsedSchoolList {
  rows: SchoolRow[];
  problems: CsvProblem<SchoolColumn>[];
  fatal: CsvProblem<SchoolColumn> | null;
  ignoredColumns: string[];
}

export const EDUID = /^[0-9A-Za-z]{6,16}$/;

export function parseSchoolList(text: string): ParsedSchoolList {
  const table = readCsvTable(text, SPEC);
  const rows: SchoolRow[] = [];
  const problems = [...table.problems];
  for (const { line, values: v } of table.records) {
    const before = problems.length;
    const problem = (field: SchoolColumn, code: string, message: string) =>
      problems.push({ line, field, code, message });
    if (!EDUID.test(v.eduid))
      problem('eduid', 'format', 'must be the ministry school code (6 letters or digits, e.g. 074601)');
    if (v.year && !/^\d{2,3}$/.test(v.year))
      problem('year', 'format', 'must be the ROC school year (e.g. 114)');
    if (v.oid && !/^\d+(\.\d+)+$/.test(v.oid))
      problem('oid', 'format', 'must be dotted digits (e.g. 2.16.886…)');
    if (v.url && !isWebUrl(v.url)) problem('url', 'format', 'must be an http or https address');
    const systems = v.schoolsystem
      .split(/[|、;；,，]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (systems.some((s) => [...s].length > 32))
      problem('schoolsystem', 'too_long', 'each at most 32 characters');
    if (problems.length > before) continue;
    rows.push({
      line,
      eduid: v.eduid,
      name: v.schoolname,
      county: v.county,
      year: v.year || null,
      oid: v.oid || null,
      tel: v.tel || null,
      url: v.url ? normalizeUrl(v.url) : null,
      address: v.address || null,
      schoolSystems: [...new Set(systems)],
    });
  }
  return {
    rows,
    problems: problems.sort((a, b) => a.line - b.line),
    fatal: table.fatal,
    ignoredColumns: table.ignoredColumns,
  };
}

/** The lists often omit the scheme (`www.example.edu.tw`). */
function normalizeUrl(v: string): string {
  return /^https?:\/\//i.test(v) ? v : `http://${v}`;
}

function isWebUrl(v: string): boolean {
  try {
    const u = new URL(normalizeUrl(v));
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}
