import type { AffiliationTerm } from '#identity-core';

/**
 * Where a county's claims (ID token + UserInfo, or the merged profile APIs) keep what we need.
 * Each value is a dotted path (`exchangedata.personid`) or a list of them (the first present
 * wins). Operators pass one as JSON (`counties:add --claims mapping.json`) to rename or reshape.
 */
export interface ClaimsMapping {
  /** Display name. */
  name?: string | string[];
  /** The national ID (used only when the county is trusted for them). */
  nationalId?: string | string[];
  /** An `eduinfo`-shaped object: `{schoolid, titles:[{schoolid, titles}], classinfo:[{year, semester, schoolid, grade, classno, classtitle}]}`. */
  eduinfo?: string | string[];
  /** A flat alternative for counties without `eduinfo`: one school, its titles and class. */
  schoolId?: string | string[];
  titles?: string | string[];
  grade?: string | string[];
  classNo?: string | string[];
  classTitle?: string | string[];
  year?: string | string[];
  semester?: string | string[];
  /** Upstream title values to ours, e.g. `{"student": "學生", "teacher": "教師"}`. */
  titleValues?: Record<string, string>;
}

/**
 * A county running the national service's software (*unconfirmed* beyond what RPs show): UserInfo
 * `name`, `eduinfo` in the national shape (also accepted under `exchangedata`), and the national ID
 * under `exchangedata` when the county sends it (the `openid exchangedata` scope).
 */
export const DEFAULT_CLAIMS_MAPPING: Readonly<ClaimsMapping> = {
  name: ['name', 'exchangedata.name'],
  nationalId: ['exchangedata.personid', 'exchangedata.idno', 'personid'],
  eduinfo: ['eduinfo', 'exchangedata.eduinfo'],
};

/** What a county login tells us about the person, checked and shaped for our tables. */
export interface CountyProfile {
  displayName: string | null;
  /** As sent; parsed and checked by whoever uses it. */
  nationalId: string | null;
  terms: AffiliationTerm[];
}

const MAPPING_KEYS = new Set([
  'name',
  'nationalId',
  'eduinfo',
  'schoolId',
  'titles',
  'grade',
  'classNo',
  'classTitle',
  'year',
  'semester',
  'titleValues',
]);
const PATH = /^[A-Za-z0-9_:-]{1,64}(\.[A-Za-z0-9_:-]{1,64}){0,5}$/;

/** Checks a mapping read from a file; names each problem. */
export function parseClaimsMapping(
  value: unknown,
): { ok: true; mapping: ClaimsMapping } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, problems: ['not a JSON object'] };
  for (const [k, v] of Object.entries(value)) {
    if (!MAPPING_KEYS.has(k)) problems.push(`${k}: unknown field`);
    else if (k === 'titleValues') {
      if (
        typeof v !== 'object' ||
        v === null ||
        Array.isArray(v) ||
        !Object.values(v).every((t) => typeof t === 'string' && t.length > 0 && t.length <= 16)
      )
        problems.push(`${k}: must map strings to titles`);
    } else {
      const paths = Array.isArray(v) ? v : [v];
      if (!paths.length || !paths.every((p) => typeof p === 'string' && PATH.test(p)))
        problems.push(`${k}: must be a dotted path or a list of them`);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, mapping: value as ClaimsMapping };
}

/** The ROC school year and semester of a date (1st semester from August, 2nd from February; Taipei time). */
export function currentTerm(now: Date): { year: string; semester: string } {
  const taipei = new Date(now.getTime() + 8 * 3600_000);
  const y = taipei.getUTCFullYear() - 1911;
  const m = taipei.getUTCMonth() + 1;
  if (m >= 8) return { year: String(y), semester: '1' };
  return { year: String(y - 1), semester: m === 1 ? '1' : '2' };
}

/** The county's claims through the mapping; anything malformed is dropped, never trusted. */
export function mapCountyClaims(
  claims: Record<string, unknown>,
  mapping: ClaimsMapping | null,
  now: Date,
): CountyProfile {
  const m = mapping ?? DEFAULT_CLAIMS_MAPPING;
  const term = currentTerm(now);
  const name = text(pick(claims, m.name ?? DEFAULT_CLAIMS_MAPPING.name), 128);
  const nationalId = text(pick(claims, m.nationalId ?? DEFAULT_CLAIMS_MAPPING.nationalId), 16);
  const edu =
    m.eduinfo === undefined && m.schoolId
      ? undefined
      : json(pick(claims, m.eduinfo ?? DEFAULT_CLAIMS_MAPPING.eduinfo));
  const terms =
    edu && typeof edu === 'object'
      ? fromEduinfo(edu as Record<string, unknown>, term)
      : fromFlat(claims, m, term);
  return { displayName: name, nationalId: nationalId?.toUpperCase() ?? null, terms };
}

function fromEduinfo(
  edu: Record<string, unknown>,
  term: { year: string; semester: string },
): AffiliationTerm[] {
  const titlesBySchool = new Map<string, string[]>();
  for (const t of Array.isArray(edu.titles) ? edu.titles : []) {
    const school = schoolId((t as Record<string, unknown>)?.schoolid);
    if (school) titlesBySchool.set(school, titleList((t as Record<string, unknown>).titles, undefined));
  }
  const terms = new Map<string, AffiliationTerm>();
  for (const c of Array.isArray(edu.classinfo) ? edu.classinfo : []) {
    const r = (c ?? {}) as Record<string, unknown>;
    const school = schoolId(r.schoolid);
    if (!school) continue;
    const year = /^\d{2,3}$/.test(String(r.year ?? '')) ? String(r.year) : term.year;
    const semester = /^[12]$/.test(String(r.semester ?? '')) ? String(r.semester) : term.semester;
    terms.set(`${school}|${year}|${semester}`, {
      schoolId: school,
      year,
      semester,
      titles: titlesBySchool.get(school) ?? [],
      grade: text(r.grade, 4),
      classNo: text(r.classno, 8),
      classTitle: text(r.classtitle, 64),
    });
  }
  const withClass = new Set([...terms.values()].map((t) => t.schoolId));
  for (const [school, titles] of titlesBySchool)
    if (!withClass.has(school))
      terms.set(`${school}|${term.year}|${term.semester}`, {
        schoolId: school,
        ...term,
        titles,
        grade: null,
        classNo: null,
        classTitle: null,
      });
  const primary = schoolId(edu.schoolid);
  if (primary && !terms.size)
    terms.set(primary, {
      schoolId: primary,
      ...term,
      titles: [],
      grade: null,
      classNo: null,
      classTitle: null,
    });
  return [...terms.values()];
}

function fromFlat(
  claims: Record<string, unknown>,
  m: ClaimsMapping,
  term: { year: string; semester: string },
): AffiliationTerm[] {
  const school = schoolId(pick(claims, m.schoolId));
  if (!school) return [];
  const year = text(pick(claims, m.year), 3);
  const semester = text(pick(claims, m.semester), 1);
  return [
    {
      schoolId: school,
      year: year && /^\d{2,3}$/.test(year) ? year : term.year,
      semester: semester && /^[12]$/.test(semester) ? semester : term.semester,
      titles: titleList(pick(claims, m.titles), m.titleValues),
      grade: text(pick(claims, m.grade), 4),
      classNo: text(pick(claims, m.classNo), 8),
      classTitle: text(pick(claims, m.classTitle), 64),
    },
  ];
}

function pick(claims: Record<string, unknown>, paths: string | string[] | undefined): unknown {
  for (const path of paths === undefined ? [] : Array.isArray(paths) ? paths : [paths]) {
    let v: unknown = claims;
    for (const key of path.split('.')) {
      v = json(v);
      v =
        typeof v === 'object' && v !== null && Object.hasOwn(v, key)
          ? (v as Record<string, unknown>)[key]
          : undefined;
    }
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** Some providers send structured claims as JSON text. */
function json(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function text(v: unknown, max: number): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
  if (typeof v !== 'string') return null;
  const s = v
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  return s && s.length <= max ? s : null;
}

function schoolId(v: unknown): string | null {
  const s = text(v, 16);
  return s && /^[0-9A-Za-z]{1,16}$/.test(s) ? s : null;
}

function titleList(v: unknown, values: Record<string, string> | undefined): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  const out: string[] = [];
  for (const item of list.slice(0, 10)) {
    const t = text(item, 32);
    const mapped = t && values && Object.hasOwn(values, t) ? values[t]! : t;
    if (mapped && mapped.length <= 16 && !out.includes(mapped)) out.push(mapped);
  }
  return out;
}
