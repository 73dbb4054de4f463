export { DirectoryModule } from './directory.module.js';
export { DIRECTORY_OPTIONS, type DirectoryOptions } from './directory.options.js';
export { HOMEROOM_SUBJECT, schoolTermAt, type SchoolTerm } from './domain/school-term.js';
export { GuardianLinkRefused, ImportFileInvalid } from './domain/errors.js';
export {
  GuardianLinkEntity,
  SchoolProfileEntity,
  TeachingAssignmentEntity,
  type GuardianLinkStatus,
} from './entities/index.js';
export { SCHOOL_COLUMNS } from './csv/school-list.parser.js';
export { TEACHING_COLUMNS } from './csv/teaching-assignments.parser.js';
export { GUARDIAN_COLUMNS } from './csv/guardian-links.parser.js';
export type { ClassSubject, ReplaceOutcome } from './teaching/teaching-assignment.store.js';
export { IMPORT_MAX_BYTES, type DirectoryImportReport } from './application/import-support.js';
export { ImportSchoolsUseCase } from './application/import-schools/import-schools.use-case.js';
export { FindSchoolUseCase, SCHOOL_CACHE_MS } from './application/find-school/find-school.use-case.js';
export type { SchoolDirectoryEntry } from './application/find-school/school-entry.js';
export { ListSchoolsUseCase } from './application/list-schools/list-schools.use-case.js';
export {
  ImportTeachingAssignmentsUseCase,
  type ImportTeachingAssignmentsCommand,
} from './application/import-teaching-assignments/import-teaching-assignments.use-case.js';
export {
  ReplaceTeachingAssignmentsUseCase,
  type ReplaceTeachingAssignmentsCommand,
} from './application/replace-teaching-assignments/replace-teaching-assignments.use-case.js';
export { ImportGuardianLinksUseCase } from './application/import-guardian-links/import-guardian-links.use-case.js';
export {
  RequestGuardianLinkUseCase,
  type RequestGuardianLinkCommand,
} from './application/request-guardian-link/request-guardian-link.use-case.js';
export {
  DecideGuardianLinkUseCase,
  type GuardianDecision,
} from './application/decide-guardian-link/decide-guardian-link.use-case.js';
export {
  ListGuardianLinksUseCase,
  type GuardianLinkView,
} from './application/list-guardian-links/list-guardian-links.use-case.js';
export { DescribeRelationUseCase } from './application/describe-relation/describe-relation.use-case.js';
export type {
  ChildEntry,
  ClassEntry,
  RelationDocument,
  StudentClassEntry,
  TeachingEntry,
} from './application/describe-relation/relation-document.js';
export {
  SCHOOLS_PAGE_SIZE,
  SearchSchoolsUseCase,
  type SchoolHit,
  type SchoolSearch,
} from './application/search-schools/search-schools.use-case.js';
export {
  EditSchoolUseCase,
  SCHOOL_STATUSES,
  type EditSchoolCommand,
  type SchoolStatus,
} from './application/edit-school/edit-school.use-case.js';
