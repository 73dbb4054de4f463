import { Injectable } from '@nestjs/common';
import { AccountRepository, Clock, type AccountEntity, type AffiliationEntity } from '#identity-core';
import { schoolTermAt, STUDENT_TITLE, type SchoolTerm } from '../../domain/school-term.js';
import { GuardianLinkStore } from '../../guardians/guardian-link.store.js';
import { TeachingAssignmentStore } from '../../teaching/teaching-assignment.store.js';
import type { ChildEntry, ClassEntry, RelationDocument, StudentClassEntry } from './relation-document.js';

/**
 * Builds the `relation` document of an account for the current term. The caller (the idp's
 * resource API) has already checked that the token may read it: scope `relation`, granted and
 * still registered by the client (the release policy in libs/oidc).
 */
@Injectable()
export class DescribeRelationUseCase {
  constructor(
    private readonly teaching: TeachingAssignmentStore,
    private readonly links: GuardianLinkStore,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  /** `account` with its affiliations loaded (AccountRepository.findWithAffiliations). */
  async execute(account: AccountEntity): Promise<RelationDocument> {
    const term = schoolTermAt(this.clock.now());
    const [teaching, classinfo, children] = await Promise.all([
      this.teaching.forTeacher(account.id, term),
      this.studentClasses(account.affiliations ?? [], term),
      this.children(account, term),
    ]);
    return {
      sub: account.sub,
      ...term,
      relation: teaching.map((t) => ({
        schoolid: t.schoolId,
        year: t.year,
        semester: t.semester,
        grade: t.grade,
        classno: t.classNo,
        classtitle: t.classTitle ?? '',
        subject: t.subject,
      })),
      classinfo,
      children,
    };
  }

  private async studentClasses(
    affiliations: AffiliationEntity[],
    term: SchoolTerm,
  ): Promise<StudentClassEntry[]> {
    const out: StudentClassEntry[] = [];
    for (const a of thisTerm(affiliations, term)) {
      if (!a.titles.includes(STUDENT_TITLE) || !a.grade || !a.classNo) continue;
      const [homeroomId] = await this.teaching.homeroomTeachers(a.schoolId, term, a.grade, a.classNo);
      const teacher = homeroomId ? await this.accounts.findById(homeroomId) : null;
      out.push({
        ...classEntry(a),
        homeroom: teacher && teacher.status !== 'disabled' ? { sub: teacher.sub } : null,
      });
    }
    return out;
  }

  private async children(parent: AccountEntity, term: SchoolTerm): Promise<ChildEntry[]> {
    const out: ChildEntry[] = [];
    for (const link of await this.links.confirmedChildren(parent.id)) {
      const child = await this.accounts.findById(link.childAccountId);
      if (!child || child.status === 'disabled') continue;
      const withAffiliations = await this.accounts.findWithAffiliations(child.sub);
      out.push({
        sub: child.sub,
        name: child.displayName,
        relationship: link.relationship ?? '',
        schoolid: link.schoolId,
        classinfo: thisTerm(withAffiliations?.affiliations ?? [], term)
          .filter((a) => a.grade || a.classNo)
          .map(classEntry),
      });
    }
    return out;
  }
}

function thisTerm(affiliations: AffiliationEntity[], term: SchoolTerm): AffiliationEntity[] {
  return affiliations
    .filter((a) => a.year === term.year && a.semester === term.semester)
    .sort((a, b) => a.schoolId.localeCompare(b.schoolId));
}

function classEntry(a: AffiliationEntity): ClassEntry {
  return {
    schoolid: a.schoolId,
    year: a.year,
    semester: a.semester,
    grade: a.grade ?? '',
    classno: a.classNo ?? '',
    classtitle: a.classTitle ?? '',
  };
}
