import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { AffiliationEntity } from '../entities/affiliation.entity.js';
import { SchoolEntity } from '../entities/school.entity.js';

/** An affiliation's term and what the person is there. */
export interface AffiliationTerm {
  schoolId: string;
  year: string;
  semester: string;
  titles: string[];
  grade: string | null;
  classNo: string | null;
  classTitle: string | null;
}

/**
 * The school directory and who belongs to which school in which term, for the feature libs that
 * provision accounts (roster import, activation codes). Methods that take a `manager` run inside
 * the caller's transaction when given one.
 */
@Injectable()
export class SchoolRepository {
  constructor(@InjectRepository(SchoolEntity) private readonly repo: Repository<SchoolEntity>) {}

  findByEduid(eduid: string, manager?: EntityManager): Promise<SchoolEntity | null> {
    return (manager ? manager.getRepository(SchoolEntity) : this.repo).findOne({ where: { eduid } });
  }

  /**
   * Adds the school or brings its name and county up to date (school list imports). What it did,
   * for import reports.
   */
  async saveSchool(
    school: { eduid: string; name: string; county: string },
    manager: EntityManager,
  ): Promise<'created' | 'updated' | 'unchanged'> {
    const repo = manager.getRepository(SchoolEntity);
    const existing = await repo.findOne({
      where: { eduid: school.eduid },
      lock: { mode: 'pessimistic_write' },
    });
    if (!existing) {
      await repo.insert(school);
      return 'created';
    }
    if (existing.name === school.name && existing.county === school.county) return 'unchanged';
    await repo.update({ eduid: school.eduid }, { name: school.name, county: school.county });
    return 'updated';
  }

  /** The school, its row locked for the caller's transaction (staff editing it on the portal). */
  findForUpdate(eduid: string, manager: EntityManager): Promise<SchoolEntity | null> {
    return manager
      .getRepository(SchoolEntity)
      .findOne({ where: { eduid }, lock: { mode: 'pessimistic_write' } });
  }

  /** A school's name, county and status as staff set them (the caller validated and audits). */
  async setDetails(
    eduid: string,
    details: { name: string; county: string; status: 'open' | 'closed' },
    manager: EntityManager,
  ): Promise<void> {
    await manager.getRepository(SchoolEntity).update({ eduid }, details);
  }

  /** Every school, by code (the operator's `schools:list`). */
  list(filter: { county?: string } = {}): Promise<SchoolEntity[]> {
    return this.repo.find({ where: filter.county ? { county: filter.county } : {}, order: { eduid: 'ASC' } });
  }

  /** Those of `eduids` that are in the directory. */
  async known(eduids: string[]): Promise<Set<string>> {
    if (!eduids.length) return new Set();
    const rows = await this.repo.find({ select: { eduid: true }, where: { eduid: In(eduids) } });
    return new Set(rows.map((s) => s.eduid));
  }

  /** Every affiliation with the school, any term. */
  affiliations(schoolId: string, manager?: EntityManager): Promise<AffiliationEntity[]> {
    return this.affiliationRepo(manager).find({ where: { schoolId } });
  }

  /**
   * The account's affiliation for the term (school × year × semester): added when missing,
   * brought up to date when its titles or class differ. What it did, for import reports.
   */
  async recordAffiliation(
    accountId: string,
    term: AffiliationTerm,
    manager: EntityManager,
  ): Promise<'created' | 'updated' | 'unchanged'> {
    // Plain SQL: imports call this for each of thousands of lines.
    const { schoolId, year, semester, ...wanted } = term;
    const [existing] = (await manager.query(
      `SELECT id, titles, grade, class_no, class_title FROM affiliations
        WHERE account_id = ? AND school_id = ? AND year = ? AND semester = ?`,
      [accountId, schoolId, year, semester],
    )) as {
      id: string;
      titles: unknown;
      grade: string | null;
      class_no: string | null;
      class_title: string | null;
    }[];
    if (!existing) {
      await this.addAffiliation(accountId, term, manager);
      return 'created';
    }
    const titles =
      typeof existing.titles === 'string' ? (JSON.parse(existing.titles) as unknown) : existing.titles;
    if (
      JSON.stringify(titles) === JSON.stringify(wanted.titles) &&
      existing.grade === wanted.grade &&
      existing.class_no === wanted.classNo &&
      existing.class_title === wanted.classTitle
    )
      return 'unchanged';
    await manager.query(
      `UPDATE affiliations SET titles = ?, grade = ?, class_no = ?, class_title = ? WHERE id = ?`,
      [JSON.stringify(wanted.titles), wanted.grade, wanted.classNo, wanted.classTitle, existing.id],
    );
    return 'updated';
  }

  /** recordAffiliation for an account known to have none for the term (one created just now). */
  async addAffiliation(accountId: string, term: AffiliationTerm, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO affiliations (account_id, school_id, year, semester, titles, grade, class_no, class_title)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        accountId,
        term.schoolId,
        term.year,
        term.semester,
        JSON.stringify(term.titles),
        term.grade,
        term.classNo,
        term.classTitle,
      ],
    );
  }

  /** The account's affiliations (every school and term), with their schools. */
  affiliationsOf(accountId: string, manager?: EntityManager): Promise<AffiliationEntity[]> {
    return this.affiliationRepo(manager).find({ where: { accountId }, relations: { school: true } });
  }

  async removeAffiliation(id: string, manager: EntityManager): Promise<void> {
    await this.affiliationRepo(manager).delete({ id });
  }

  private affiliationRepo(manager?: EntityManager): Repository<AffiliationEntity> {
    return (manager ?? this.repo.manager).getRepository(AffiliationEntity);
  }
}
