import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { HOMEROOM_SUBJECT, sameClassNo, type SchoolTerm } from '../domain/school-term.js';
import { TeachingAssignmentEntity } from '../entities/index.js';

/** A class and subject a teacher teaches, within one school and term. */
export interface ClassSubject {
  grade: string;
  classNo: string;
  classTitle: string | null;
  subject: string;
}

export interface ReplaceOutcome {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  added: ClassSubject[];
  dropped: ClassSubject[];
}

const keyOf = (a: { grade: string; classNo: string; subject: string }) =>
  `${a.grade}|${a.classNo}|${a.subject}`;

/** teaching_assignments: reads for the relation API, writes for imports and county refreshes. */
@Injectable()
export class TeachingAssignmentStore {
  constructor(
    @InjectRepository(TeachingAssignmentEntity) private readonly repo: Repository<TeachingAssignmentEntity>,
  ) {}

  /** Adds one assignment, or corrects its class title; what it did. */
  async add(
    m: EntityManager,
    accountId: string,
    schoolId: string,
    term: SchoolTerm,
    a: ClassSubject,
    source: string,
  ): Promise<'created' | 'updated' | 'unchanged'> {
    const repo = m.getRepository(TeachingAssignmentEntity);
    // Named field by field: callers pass richer objects (a CSV row) that are no columns.
    const where = {
      accountId,
      schoolId,
      year: term.year,
      semester: term.semester,
      grade: a.grade,
      classNo: a.classNo,
      subject: a.subject,
    };
    const existing = await repo.findOne({ where, lock: { mode: 'pessimistic_write' } });
    if (!existing) {
      await repo.insert({ ...where, classTitle: a.classTitle, source });
      return 'created';
    }
    if (a.classTitle === null || existing.classTitle === a.classTitle) return 'unchanged';
    await repo.update({ id: existing.id }, { classTitle: a.classTitle, source });
    return 'updated';
  }

  /** Makes the teacher's assignments at the school in the term exactly `wanted`. */
  async replace(
    m: EntityManager,
    accountId: string,
    schoolId: string,
    term: SchoolTerm,
    wanted: ClassSubject[],
    source: string,
  ): Promise<ReplaceOutcome> {
    const repo = m.getRepository(TeachingAssignmentEntity);
    const { year, semester } = term;
    const current = await repo.find({
      where: { accountId, schoolId, year, semester },
      lock: { mode: 'pessimistic_write' },
    });
    const byKey = new Map(current.map((c) => [keyOf(c), c]));
    const wantedKeys = new Set(wanted.map(keyOf));
    const out: ReplaceOutcome = { created: 0, updated: 0, unchanged: 0, removed: 0, added: [], dropped: [] };
    const gone = current.filter((c) => !wantedKeys.has(keyOf(c)));
    if (gone.length) await repo.delete(gone.map((g) => g.id));
    out.removed = gone.length;
    out.dropped = gone.map(({ grade, classNo, classTitle, subject }) => ({
      grade,
      classNo,
      classTitle,
      subject,
    }));
    const done = new Set<string>();
    for (const a of wanted) {
      const key = keyOf(a);
      if (done.has(key)) continue;
      done.add(key);
      const existing = byKey.get(key);
      if (!existing) {
        const { grade, classNo, classTitle, subject } = a;
        await repo.insert({
          accountId,
          schoolId,
          year,
          semester,
          grade,
          classNo,
          classTitle,
          subject,
          source,
        });
        out.created += 1;
        out.added.push({ grade, classNo, classTitle, subject });
      } else if (a.classTitle !== null && existing.classTitle !== a.classTitle) {
        await repo.update({ id: existing.id }, { classTitle: a.classTitle, source });
        out.updated += 1;
      } else out.unchanged += 1;
    }
    return out;
  }

  /** What the teacher teaches in the term, at every school. */
  forTeacher(accountId: string, term: SchoolTerm): Promise<TeachingAssignmentEntity[]> {
    return this.repo.find({
      where: { accountId, year: term.year, semester: term.semester },
      order: { schoolId: 'ASC', grade: 'ASC', classNo: 'ASC', subject: 'ASC' },
    });
  }

  /** The homeroom teachers (導師) of a class in the term; class numbers compare without leading zeros. */
  async homeroomTeachers(
    schoolId: string,
    term: SchoolTerm,
    grade: string,
    classNo: string,
  ): Promise<string[]> {
    const rows = await this.repo.find({
      where: { schoolId, year: term.year, semester: term.semester, grade, subject: HOMEROOM_SUBJECT },
      order: { id: 'ASC' },
    });
    return [...new Set(rows.filter((r) => sameClassNo(r.classNo, classNo)).map((r) => r.accountId))];
  }
}
