export { HelpdeskModule } from './helpdesk.module.js';
export {
  STAFF_ROLES,
  isStaffRole,
  mayDo,
  scopeOf,
  type StaffAction,
  type StaffMember,
  type StaffRole,
  type StaffScope,
} from './domain/staff-role.js';
export { NotStaff, OutOfScope } from './domain/errors.js';
export { AccountScope, scopeCondition } from './scope/account-scope.js';
export {
  GrantStaffRoleUseCase,
  type GrantStaffRoleCommand,
} from './application/grant-staff-role/grant-staff-role.use-case.js';
export { RevokeStaffRoleUseCase } from './application/revoke-staff-role/revoke-staff-role.use-case.js';
export {
  DashboardCountsUseCase,
  SIGN_IN_METHODS,
  signInMethodOf,
  type DashboardCounts,
  type SignInMethod,
} from './application/dashboard-counts/dashboard-counts.use-case.js';
export { ListStaffUseCase } from './application/list-staff/list-staff.use-case.js';
export {
  SEARCH_PAGE_SIZE,
  SearchAccountsUseCase,
  type AccountHit,
  type SearchResult,
} from './application/search-accounts/search-accounts.use-case.js';
export { mayDecideApplications, mayImportRosters } from './domain/application-decisions.js';
export {
  AUDIT_PAGE_SIZE,
  readAuditFilters,
  SearchAuditUseCase,
  type AuditExportRequest,
  type AuditFilters,
  type AuditLogPage,
} from './application/search-audit/search-audit.use-case.js';
export { mayEditSchool, mayOpen, type PortalPage } from './domain/portal-pages.js';
