import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SchoolRepository } from '#identity-core';
import { SchoolProfileEntity } from '../../entities/index.js';
import { schoolEntry, type SchoolDirectoryEntry } from '../find-school/school-entry.js';

/** The directory for operators (`schools:list`), by code, optionally one county's. */
@Injectable()
export class ListSchoolsUseCase {
  constructor(
    private readonly schools: SchoolRepository,
    @InjectRepository(SchoolProfileEntity) private readonly profiles: Repository<SchoolProfileEntity>,
  ) {}

  async execute(filter: { county?: string } = {}): Promise<SchoolDirectoryEntry[]> {
    const [schools, profiles] = await Promise.all([this.schools.list(filter), this.profiles.find()]);
    const byId = new Map(profiles.map((p) => [p.eduid, p]));
    return schools.map((s) => schoolEntry(s, byId.get(s.eduid) ?? null));
  }
}
