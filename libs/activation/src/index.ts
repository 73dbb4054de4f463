export { ActivationModule } from './activation.module.js';
export {
  ACTIVATION_OPTIONS,
  type ActivationOptions,
  type ResolvedActivationOptions,
} from './activation.options.js';
export { ActivationFailed, ApplicationRefused, FlowExpired } from './domain/errors.js';
export {
  CODE_ALPHABET,
  formatActivationCode,
  generateActivationCode,
  normalizeActivationCode,
} from './domain/activation-code.js';
export { maskContact, normalizeEmail, normalizePhone, type ContactChannel } from './domain/contact.js';
export { NAME_MAX } from './domain/person-name.js';
export { AccountApplicationEntity, ActivationCodeEntity, type ApplicationStatus } from './entities/index.js';
export type { CodeCheck } from './flow/contact-verification.js';
export type { FlowLocale } from './flow/flow.types.js';
export { ROSTER_COLUMNS, type RosterProblem } from './roster/roster-parser.js';
export type { RosterEncoding } from './roster/roster-decoder.js';
export type { AttemptContext } from './application/attempt-context.js';
export {
  ImportAccountsUseCase,
  ROSTER_MAX_BYTES,
  type ImportReport,
} from './application/import-accounts/import-accounts.use-case.js';
export {
  IssueActivationCodesUseCase,
  type IssueActivationCodesResult,
  type IssuedActivationCode,
} from './application/issue-activation-codes/issue-activation-codes.use-case.js';
export {
  ProveIdentityUseCase,
  type ProveIdentityCommand,
} from './application/prove-identity/prove-identity.use-case.js';
export {
  ProveVouchedIdentityUseCase,
  type VouchedIdentityCommand,
} from './application/prove-vouched-identity/prove-vouched-identity.use-case.js';
export { ApplyVouchedIdentityUseCase } from './application/apply-vouched-identity/apply-vouched-identity.use-case.js';
export {
  ChooseCredentialsUseCase,
  type ChooseCredentialsCommand,
} from './application/choose-credentials/choose-credentials.use-case.js';
export {
  RegisterContactsUseCase,
  type RegisterContactsCommand,
} from './application/register-contacts/register-contacts.use-case.js';
export { VerifyContactsUseCase } from './application/verify-contacts/verify-contacts.use-case.js';
export { ResendContactCodeUseCase } from './application/resend-contact-code/resend-contact-code.use-case.js';
export { CompleteActivationUseCase } from './application/complete-activation/complete-activation.use-case.js';
export {
  DescribeFlowUseCase,
  type ActivationFlowView,
  type ApplyFlowView,
  type ContactView,
} from './application/describe-flow/describe-flow.use-case.js';
export {
  StartApplicationUseCase,
  type StartApplicationCommand,
} from './application/start-application/start-application.use-case.js';
export { SubmitApplicationUseCase } from './application/submit-application/submit-application.use-case.js';
export { ListApplicationsUseCase } from './application/list-applications/list-applications.use-case.js';
export {
  NATIONWIDE,
  type ApplicationScope,
  type ApplicationView,
} from './application/list-applications/application-view.js';
export { ApproveApplicationUseCase } from './application/approve-application/approve-application.use-case.js';
export {
  REASON_MAX,
  RejectApplicationUseCase,
} from './application/reject-application/reject-application.use-case.js';
export {
  CheckApplicationStatusUseCase,
  type ApplicationStatusView,
} from './application/check-application-status/check-application-status.use-case.js';
export { formatApplicationReference, normalizeApplicationReference } from './domain/application-reference.js';

export { RosterImportModule, type RosterImportOptions } from './roster-import/roster-import.module.js';
export { ROSTER_IMPORT_QUEUE, type RosterImportJob } from './roster-import/roster-import.queue.js';
export { problemReportCsv } from './roster-import/problem-report.js';
export { StartRosterImportUseCase } from './application/start-roster-import/start-roster-import.use-case.js';
export { RunRosterImportUseCase } from './application/run-roster-import/run-roster-import.use-case.js';
export { RosterImportProgressUseCase } from './application/roster-import-progress/roster-import-progress.use-case.js';
export { RosterImportReportUseCase } from './application/roster-import-progress/roster-import-report.use-case.js';
export type { RosterImportView } from './application/roster-import-progress/roster-import-view.js';
export type { ImportedClass } from './roster-import/roster-import.store.js';
export { ALL_SCHOOLS, type RosterScope } from './roster-import/roster-scope.js';
