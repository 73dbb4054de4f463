import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, NotFound, SchoolRepository, ValidationFailed } from '#identity-core';

export const SCHOOL_STATUSES = ['open', 'closed'] as const;
export type SchoolStatus = (typeof SCHOOL_STATUSES)[number];

export interface EditSchoolCommand {
  eduid: string;
  name: string;
  county: string;
  status: string;
  /**
   * The caller's rule for this school and the county it would move to (the portal's roles): checked
   * under the row lock, so the decision is about the row that is changed.
   */
  allowed: (school: { eduid: string; county: string }, newCounty: string) => boolean;
  actor: string;
  ip?: string | null;
}

const text = (v: string) =>
  v
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();

/**
 * A school's name, county and status, edited by staff. Names and counties are normalised (NFKC,
 * no control or format characters) and bounded as the school list import bounds them; audited
 * with what changed. A refusal by `allowed` is NotFound: the portal answers 404.
 */
@Injectable()
export class EditSchoolUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly schools: SchoolRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: EditSchoolCommand): Promise<'updated' | 'unchanged'> {
    const name = text(cmd.name);
    const county = text(cmd.county);
    const problems: { field: string; code: string }[] = [];
    if (!name || name.length > 128) problems.push({ field: 'name', code: 'format' });
    if (!county || county.length > 32) problems.push({ field: 'county', code: 'format' });
    if (!(SCHOOL_STATUSES as readonly string[]).includes(cmd.status))
      problems.push({ field: 'status', code: 'format' });
    return this.db.transaction(async (m) => {
      const school = await this.schools.findForUpdate(cmd.eduid, m);
      if (!school || !cmd.allowed(school, county)) throw new NotFound('school');
      if (problems.length) throw new ValidationFailed(problems);
      const changes = { name, county, status: cmd.status as SchoolStatus };
      const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter(
        (k) => school[k] !== changes[k],
      );
      if (!changed.length) return 'unchanged';
      await this.schools.setDetails(school.eduid, changes, m);
      await this.audit.record(
        {
          actor: cmd.actor,
          action: 'school.update',
          target: `school:${school.eduid}`,
          result: 'success',
          ip: cmd.ip ?? null,
          details: {
            source: 'admin',
            changed,
            before: Object.fromEntries(changed.map((k) => [k, school[k]])),
            after: Object.fromEntries(changed.map((k) => [k, changes[k]])),
          },
        },
        m,
      );
      return 'updated';
    });
  }
}
