import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../../domain/staff-role.js';
import { StaffRepository } from '../../staff/staff.repository.js';

/** `staff:list` and the portal's sign-in check: who holds which role. */
@Injectable()
export class ListStaffUseCase {
  constructor(private readonly staff: StaffRepository) {}

  list(): Promise<StaffMember[]> {
    return this.staff.list();
  }

  /** The staff member behind a signed-in account, or null. */
  bySub(sub: string): Promise<StaffMember | null> {
    return this.staff.findBySub(sub);
  }
}
