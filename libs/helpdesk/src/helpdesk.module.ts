import { Module } from '@nestjs/common';
import { DashboardCountsUseCase } from './application/dashboard-counts/dashboard-counts.use-case.js';
import { GrantStaffRoleUseCase } from './application/grant-staff-role/grant-staff-role.use-case.js';
import { ListStaffUseCase } from './application/list-staff/list-staff.use-case.js';
import { RevokeStaffRoleUseCase } from './application/revoke-staff-role/revoke-staff-role.use-case.js';
import { SearchAccountsUseCase } from './application/search-accounts/search-accounts.use-case.js';
import { SearchAuditUseCase } from './application/search-audit/search-audit.use-case.js';
import { AccountScope } from './scope/account-scope.js';
import { StaffRepository } from './staff/staff.repository.js';

const EXPORTED = [
  GrantStaffRoleUseCase,
  RevokeStaffRoleUseCase,
  ListStaffUseCase,
  SearchAccountsUseCase,
  AccountScope,
  DashboardCountsUseCase,
  SearchAuditUseCase,
];

/** Staff roles and their scopes for the helpdesk portal. Needs IdentityCoreModule (global). */
@Module({ providers: [StaffRepository, ...EXPORTED], exports: EXPORTED })
export class HelpdeskModule {}
