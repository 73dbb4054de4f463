import { Injectable } from '@nestjs/common';
import {
  AccountRepository,
  AuditService,
  Clock,
  NotFound,
  SchoolRepository,
  ValidationFailed,
} from '#identity-core';
import { isStaffRole, type StaffMember } from '../../domain/staff-role.js';
import { StaffRepository } from '../../staff/staff.repository.js';

export interface GrantStaffRoleCommand {
  username: string;
  role: unknown;
  county?: string;
  schoolId?: string;
  actor: string;
  /** Why (the portal asks for one); where from. Recorded with the grant. */
  reason?: string;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * `staff:grant`: gives an account its one portal role (replacing any earlier one). A county admin
 * names a county some school of the directory is in; a school admin names a known school.
 */
@Injectable()
export class GrantStaffRoleUseCase {
  constructor(
    private readonly staff: StaffRepository,
    private readonly accounts: AccountRepository,
    private readonly schools: SchoolRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: GrantStaffRoleCommand): Promise<StaffMember> {
    if (!isStaffRole(cmd.role)) throw new ValidationFailed([{ field: 'role', code: 'format' }]);
    const county = cmd.county?.trim() || null;
    const schoolId = cmd.schoolId?.trim() || null;
    const problems: { field: string; code: string }[] = [];
    if (cmd.role === 'county-admin' ? !county : county)
      problems.push({ field: 'county', code: county ? 'not_allowed' : 'required' });
    if (cmd.role === 'school-admin' ? !schoolId : schoolId)
      problems.push({ field: 'school', code: schoolId ? 'not_allowed' : 'required' });
    if (problems.length) throw new ValidationFailed(problems);
    if (county && !(await this.schools.list({ county })).length)
      throw new ValidationFailed([{ field: 'county', code: 'unknown' }]);
    if (schoolId && !(await this.schools.findByEduid(schoolId)))
      throw new ValidationFailed([{ field: 'school', code: 'unknown' }]);
    const account = await this.accounts.findByLogin(cmd.username);
    if (!account) throw new NotFound('account');

    await this.staff.upsert({
      accountId: account.id,
      role: cmd.role,
      county,
      schoolId,
      grantedBy: cmd.actor,
      grantedAt: this.clock.now(),
    });
    await this.audit.record({
      actor: cmd.actor,
      action: 'staff.grant',
      target: `account:${account.sub}`,
      result: 'success',
      ip: cmd.ip ?? null,
      userAgent: cmd.userAgent ?? null,
      details: { role: cmd.role, county, school: schoolId, ...(cmd.reason ? { reason: cmd.reason } : {}) },
    });
    return (await this.staff.findBySub(account.sub))!;
  }
}
