import { Injectable } from '@nestjs/common';
import { AccountRepository, AuditService, NotFound } from '#identity-core';
import { StaffRepository } from '../../staff/staff.repository.js';

/**
 * `staff:revoke`: the account is no longer staff. Its open portal sessions notice on their next
 * request (every request reloads the role), so revoking takes effect at once.
 */
@Injectable()
export class RevokeStaffRoleUseCase {
  constructor(
    private readonly staff: StaffRepository,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: {
    username: string;
    actor: string;
    /** Why (the portal asks for one); where from. Recorded with the revocation. */
    reason?: string;
    ip?: string | null;
    userAgent?: string | null;
  }): Promise<{ revoked: boolean }> {
    const account = await this.accounts.findByLogin(cmd.username);
    if (!account) throw new NotFound('account');
    const revoked = await this.staff.remove(account.id);
    await this.audit.record({
      actor: cmd.actor,
      action: 'staff.revoke',
      target: `account:${account.sub}`,
      result: revoked ? 'success' : 'failure',
      ip: cmd.ip ?? null,
      userAgent: cmd.userAgent ?? null,
      details: cmd.reason ? { reason: cmd.reason } : null,
    });
    return { revoked };
  }
}
