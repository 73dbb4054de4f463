export * from './domain/index.js';
export { IdentityCoreModule } from './identity-core.module.js';
export { IDENTITY_CORE_OPTIONS, type IdentityCoreOptions } from './identity-core.options.js';
/**
 * The entities are exported as types only: features may hold and read rows identity-core gives
 * them, but cannot name an entity as a value (`getRepository(AccountEntity)`, `manager.save(...)`),
 * so every write to accounts, schools and affiliations goes through identity-core — account status
 * through AccountStateService. The compiler enforces this (a value use does not type-check), which is
 * stronger than a lint rule on import statements; the SQL escape hatch (`query('UPDATE accounts …')`)
 * is what eslint.config.js forbids outside identity-core.
 */
export type { AccountEntity, AffiliationEntity, AuditEventEntity, SchoolEntity } from './entities/index.js';
export { AccountRepository, type AccountKey, type NewPendingAccount } from './accounts/account.repository.js';
export {
  AccountStateService,
  type Activation,
  type StateChangeActor,
  type StatusChange,
  type StatusEvent,
} from './accounts/account-state.service.js';
export { SchoolRepository, type AffiliationTerm } from './schools/school.repository.js';
export {
  ACCOUNT_DOMAIN,
  checkUsername,
  foldLogin,
  normalizeLogin,
  unknownLoginKey,
  type UsernameProblem,
} from './accounts/username.js';
export { AuditService, type AuditRecord } from './audit/audit.service.js';
export { VerifyAuditChainUseCase } from './application/verify-audit-chain/verify-audit-chain.use-case.js';
export { LastAuditVerificationUseCase } from './application/verify-audit-chain/last-audit-verification.use-case.js';
export type {
  AuditChainProblem,
  AuditVerificationRecord,
  AuditVerificationResult,
} from './application/verify-audit-chain/audit-chain.types.js';
export { PiiService } from './pii/pii.service.js';
export { Clock, FixedClock } from './time/clock.js';
export { CreateAccountUseCase } from './application/create-account/create-account.use-case.js';
export type { CreateAccountCommand } from './application/create-account/create-account.command.js';
export { GetAccountUseCase } from './application/get-account/get-account.use-case.js';
export type { AccountView } from './application/get-account/account-view.js';
export { ChangeAccountStatusUseCase } from './application/change-account-status/change-account-status.use-case.js';
export { UpsertSchoolUseCase } from './application/upsert-school/upsert-school.use-case.js';
export {
  SyncAffiliationsUseCase,
  type AffiliationChange,
  type SyncAffiliationsCommand,
  type SyncAffiliationsResult,
} from './application/sync-affiliations/sync-affiliations.use-case.js';
export {
  ProvisionAccountUseCase,
  type ProvisionAccountCommand,
} from './application/provision-account/provision-account.use-case.js';
export type { AuthContext, AuthResult } from './authentication/authenticator.js';
export {
  POLL_FIELD,
  SIGN_IN_ORDER,
  START_STEP,
  type FactorKind,
  type MethodScript,
  type JsonValue,
  type LocalizedText,
  type MethodField,
  type MethodState,
  type MethodView,
  type RejectReason,
  type SignInMethod,
  type SignInOutcome,
  type SignInSituation,
  type SignInStage,
  type SignInStep,
} from './authentication/sign-in-method.js';
export { SignInMethodRegistry } from './authentication/sign-in-method.registry.js';
export { SignInMethodsModule } from './authentication/sign-in-methods.module.js';
export {
  ACR,
  ACR_VALUES,
  SignInPolicy,
  type AcrRequest,
  type PolicyDecision,
  type SignInPolicyOptions,
} from './authentication/sign-in-policy.js';
export {
  SignInFlow,
  SignInStepUnknown,
  type PendingStep,
  type SignInNext,
  type SignInProgress,
  type SignInRequest,
} from './authentication/sign-in-flow.js';
export {
  ATTEMPT_GATE_OPTIONS,
  DEFAULT_ATTEMPT_GATE_OPTIONS,
  type AttemptGateOptions,
} from './authentication/attempt-gate.options.js';
export {
  AttemptGate,
  accountSubject,
  loginSubject,
  type Attempt,
  type AttemptRefused,
  type AttemptRequest,
  type FailureOutcome,
  type RefusalReason,
} from './authentication/attempt-gate.js';
export { ipBucket } from './authentication/ip-bucket.js';
export { RateLimiter, type RateDecision, type RateWindow } from './limits/rate-limiter.js';
export { PasswordAuthenticator, type PasswordInput } from './authentication/password.authenticator.js';
export { ClearLockoutUseCase } from './authentication/clear-lockout.use-case.js';
export { SessionTerminator } from './sessions/session-terminator.js';
export {
  LINK_TOKEN_PATTERN,
  PAPER_CODE,
  SIX_DIGITS,
  generateCode,
  hashLinkToken,
  newLinkToken,
  readCode,
  type CodeFormat,
} from './codes/one-time-code.js';
export { OneTimeCodeHasher, sameHash } from './codes/one-time-code.hasher.js';
export {
  VerificationCodes,
  type CodeCheck,
  type CodeCheckResult,
  type CodePolicy,
  type IssuedCode,
} from './codes/verification-codes.js';
export { decodeCsv, type CsvEncoding } from './csv/csv-decoder.js';
export { CSV_BOM, csvCell, csvLine } from './csv/csv-writer.js';
export {
  CSV_LINE_MAX,
  readCsvTable,
  type CsvProblem,
  type CsvRecord,
  type CsvTable,
  type CsvTableSpec,
} from './csv/csv-table.js';
