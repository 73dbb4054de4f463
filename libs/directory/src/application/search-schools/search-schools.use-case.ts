import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export const SCHOOLS_PAGE_SIZE = 20;

export interface SchoolHit {
  eduid: string;
  name: string;
  county: string;
  status: 'open' | 'closed';
}

export interface SchoolSearch {
  hits: SchoolHit[];
  page: number;
  hasNext: boolean;
}

const clean = (v: unknown, max: number) =>
  typeof v === 'string'
    ? v
        .normalize('NFKC')
        .replace(/[\p{Cc}\p{Cf}]/gu, '')
        .trim()
        .slice(0, max)
    : '';

/**
 * The portal's schools directory: one box read as a school code (prefix) or a name (contains),
 * optionally one county, by code, 20 a page. Parameterised; LIKE wildcards in the box are literal.
 */
@Injectable()
export class SearchSchoolsUseCase {
  constructor(private readonly db: DataSource) {}

  async execute(query: { q?: unknown; county?: unknown; page?: unknown }): Promise<SchoolSearch> {
    const q = clean(query.q, 64);
    const county = clean(query.county, 32);
    const page = Math.min(Math.max(Number.parseInt(String(query.page ?? '1'), 10) || 1, 1), 1000);
    const where: string[] = [];
    const params: unknown[] = [];
    if (q) {
      const like = q.replace(/[\\%_]/g, (c) => `\\${c}`);
      where.push('(s.eduid LIKE ? OR s.name LIKE ?)');
      params.push(`${like}%`, `%${like}%`);
    }
    if (county) {
      where.push('s.county = ?');
      params.push(county);
    }
    const rows = (await this.db.query(
      `SELECT s.eduid, s.name, s.county, s.status FROM schools s
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY s.eduid LIMIT ? OFFSET ?`,
      [...params, SCHOOLS_PAGE_SIZE + 1, (page - 1) * SCHOOLS_PAGE_SIZE],
    )) as SchoolHit[];
    return { hits: rows.slice(0, SCHOOLS_PAGE_SIZE), page, hasNext: rows.length > SCHOOLS_PAGE_SIZE };
  }

  /** One school by its exact code (binary comparison), or null. */
  async one(eduid: string): Promise<SchoolHit | null> {
    const [row] = (await this.db.query('SELECT eduid, name, county, status FROM schools WHERE eduid = ?', [
      eduid,
    ])) as SchoolHit[];
    return row ?? null;
  }
}
