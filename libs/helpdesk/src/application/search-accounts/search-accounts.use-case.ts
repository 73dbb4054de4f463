import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ACCOUNT_DOMAIN,
  foldLogin,
  maskNationalId,
  parseNationalId,
  PiiService,
  type AccountStatus,
} from '#identity-core';
import { scopeCondition } from '../../scope/account-scope.js';
import { scopeOf, type StaffMember } from '../../domain/staff-role.js';

export const SEARCH_PAGE_SIZE = 20;
const MAX_QUERY = 128;
const MAX_PAGE = 500;

export interface AccountHit {
  sub: string;
  username: string | null;
  displayName: string;
  status: AccountStatus;
  /** Masked (`A1*****789`), or null when the account has none. */
  nationalId: string | null;
  schools: string[];
}

export interface SearchResult {
  /** How the query was read: which column(s) it was matched against. */
  matchedBy: 'national-id' | 'phone' | 'email' | 'name' | 'school' | 'none';
  hits: AccountHit[];
  page: number;
  hasNext: boolean;
}

interface Row {
  id: string;
  sub: string;
  username: string | null;
  display_name: string;
  status: AccountStatus;
  national_id_cipher: string | null;
  schools: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The portal's search: one box read as a national ID (exact, through the blind index; never a
 * decrypting scan), a mobile number, an email or `name@mail.edu.tw`, else a username (exact) or a
 * display name prefix; optionally narrowed to a school. Always inside the staff member's scope,
 * always parameterised; stable pages: names in name order (the exact username first), the rest by id.
 */
@Injectable()
export class SearchAccountsUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly pii: PiiService,
  ) {}

  async execute(
    staff: StaffMember,
    input: { q?: unknown; school?: unknown; page?: unknown },
  ): Promise<SearchResult> {
    const q = typeof input.q === 'string' ? foldLogin(input.q).slice(0, MAX_QUERY) : '';
    const school = typeof input.school === 'string' ? input.school.trim().slice(0, 16) : '';
    const pageNo = Math.min(Math.max(Number.parseInt(String(input.page ?? '1'), 10) || 1, 1), MAX_PAGE);
    const where: string[] = [];
    const params: unknown[] = [];
    let matchedBy: SearchResult['matchedBy'] = 'none';

    if (q) {
      const nid = parseNationalId(q);
      if (nid.ok) {
        matchedBy = 'national-id';
        where.push('a.national_id_index = ?');
        params.push(this.pii.nationalIdIndex(nid.value));
      } else if (/^09\d{8}$/.test(q)) {
        matchedBy = 'phone';
        where.push('a.phone = ?');
        params.push(q);
      } else if (q.includes('@')) {
        matchedBy = 'email';
        const local = q.endsWith(`@${ACCOUNT_DOMAIN}`) ? q.slice(0, -ACCOUNT_DOMAIN.length - 1) : null;
        where.push(local ? '(a.email = ? OR a.username = ?)' : 'a.email = ?');
        params.push(q, ...(local ? [local] : []));
      } else {
        matchedBy = 'name';
        where.push('a.display_name LIKE ?');
        params.push(`${escapeLike(q)}%`);
      }
    }
    if (school) {
      if (matchedBy === 'none') matchedBy = 'school';
      where.push('EXISTS (SELECT 1 FROM affiliations fq WHERE fq.account_id = a.id AND fq.school_id = ?)');
      params.push(school);
    }
    if (!where.length) return { matchedBy, hits: [], page: 1, hasNext: false };

    const scope = scopeCondition(scopeOf(staff));
    const select = (conditions: string[], values: unknown[], order: string, limit: number, offset: number) =>
      this.db.query(
        `SELECT a.id, a.sub, a.username, a.display_name, a.status, a.national_id_cipher,
           (SELECT GROUP_CONCAT(DISTINCT COALESCE(s.name, f.school_id) ORDER BY f.school_id SEPARATOR '\\n')
              FROM affiliations f LEFT JOIN schools s ON s.eduid = f.school_id WHERE f.account_id = a.id) AS schools
         FROM accounts a
         WHERE ${conditions.join(' AND ')} AND ${scope.sql}
         ORDER BY ${order} LIMIT ? OFFSET ?`,
        [...values, ...scope.params, limit, offset],
      ) as Promise<Row[]>;
    // A name is read along (display_name, birth_date) — the order of ix_accounts_name_birth — so a
    // common prefix in a county admin's scope reads the index until a page is found instead of
    // walking every account by id (EXPLAIN at a million accounts: 150 ms p95 → a few ms).
    const found = await select(
      where,
      params,
      matchedBy === 'name' ? 'a.display_name, a.birth_date, a.id' : 'a.id',
      SEARCH_PAGE_SIZE + 1,
      (pageNo - 1) * SEARCH_PAGE_SIZE,
    );
    let pageRows = found.slice(0, SEARCH_PAGE_SIZE);
    // The box is an exact username too (a unique-key lookup of its own), shown first on page 1.
    if (matchedBy === 'name' && pageNo === 1) {
      const [exact] = await select(
        ['a.username = ?', ...where.slice(1)],
        [q, ...params.slice(1)],
        'a.id',
        1,
        0,
      );
      if (exact) pageRows = [exact, ...pageRows.filter((r) => r.id !== exact.id)];
    }
    return {
      matchedBy,
      page: pageNo,
      hasNext: found.length > SEARCH_PAGE_SIZE,
      hits: pageRows.map((r) => ({
        sub: r.sub,
        username: r.username,
        displayName: r.display_name,
        status: r.status,
        nationalId: r.national_id_cipher ? maskNationalId(this.pii.decrypt(r.national_id_cipher)) : null,
        schools: r.schools ? r.schools.split('\n') : [],
      })),
    };
  }
}
