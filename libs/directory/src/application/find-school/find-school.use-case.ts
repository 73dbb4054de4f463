import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock, SchoolRepository } from '#identity-core';
import { EDUID } from '../../csv/school-list.parser.js';
import { SchoolProfileEntity } from '../../entities/index.js';
import { schoolEntry, type SchoolDirectoryEntry } from './school-entry.js';

/** How long one process reuses an answer (also "no such school"); imports show within this time. */
export const SCHOOL_CACHE_MS = 60_000;
const CACHE_MAX = 10_000;

/**
 * One school of the public directory. The API is public and unauthenticated, so answers (including
 * "unknown") are kept in memory for a minute: a flood of look-ups, even of made-up codes, costs the
 * database at most one query per code and minute, and the cache is bounded.
 */
@Injectable()
export class FindSchoolUseCase {
  private readonly cache = new Map<string, { entry: SchoolDirectoryEntry | null; until: number }>();

  constructor(
    private readonly schools: SchoolRepository,
    @InjectRepository(SchoolProfileEntity) private readonly profiles: Repository<SchoolProfileEntity>,
    private readonly clock: Clock,
  ) {}

  async execute(eduid: string, opts: { fresh?: boolean } = {}): Promise<SchoolDirectoryEntry | null> {
    if (!EDUID.test(eduid)) return null;
    const now = this.clock.now().getTime();
    const hit = this.cache.get(eduid);
    if (hit && hit.until > now && !opts.fresh) return hit.entry;
    const school = await this.schools.findByEduid(eduid);
    const entry = school ? schoolEntry(school, await this.profiles.findOne({ where: { eduid } })) : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(eduid, { entry, until: now + SCHOOL_CACHE_MS });
    return entry;
  }
}
