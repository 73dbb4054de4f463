import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DecideGuardianLinkUseCase } from './application/decide-guardian-link/decide-guardian-link.use-case.js';
import { EditSchoolUseCase } from './application/edit-school/edit-school.use-case.js';
import { DescribeRelationUseCase } from './application/describe-relation/describe-relation.use-case.js';
import { FindSchoolUseCase } from './application/find-school/find-school.use-case.js';
import { ImportGuardianLinksUseCase } from './application/import-guardian-links/import-guardian-links.use-case.js';
import { ImportSchoolsUseCase } from './application/import-schools/import-schools.use-case.js';
import { ImportTeachingAssignmentsUseCase } from './application/import-teaching-assignments/import-teaching-assignments.use-case.js';
import { ListGuardianLinksUseCase } from './application/list-guardian-links/list-guardian-links.use-case.js';
import { ListSchoolsUseCase } from './application/list-schools/list-schools.use-case.js';
import { ReplaceTeachingAssignmentsUseCase } from './application/replace-teaching-assignments/replace-teaching-assignments.use-case.js';
import { SearchSchoolsUseCase } from './application/search-schools/search-schools.use-case.js';
import { RequestGuardianLinkUseCase } from './application/request-guardian-link/request-guardian-link.use-case.js';
import { DIRECTORY_OPTIONS, resolveDirectoryOptions, type DirectoryOptions } from './directory.options.js';
import { DIRECTORY_ENTITIES } from './entities/index.js';
import { GuardianLinkStore } from './guardians/guardian-link.store.js';
import { TeachingAssignmentStore } from './teaching/teaching-assignment.store.js';

const USE_CASES = [
  ImportSchoolsUseCase,
  FindSchoolUseCase,
  ListSchoolsUseCase,
  ImportTeachingAssignmentsUseCase,
  ReplaceTeachingAssignmentsUseCase,
  ImportGuardianLinksUseCase,
  RequestGuardianLinkUseCase,
  DecideGuardianLinkUseCase,
  ListGuardianLinksUseCase,
  DescribeRelationUseCase,
  SearchSchoolsUseCase,
  EditSchoolUseCase,
];

/**
 * The school directory, teaching assignments and parent–child links: the data behind the public
 * directory API and the `relation` API. Needs the identity core (global) and the database.
 */
@Module({})
export class DirectoryModule {
  static forRoot(options: DirectoryOptions): DynamicModule {
    return {
      module: DirectoryModule,
      imports: [TypeOrmModule.forFeature(DIRECTORY_ENTITIES)],
      providers: [
        { provide: DIRECTORY_OPTIONS, useValue: resolveDirectoryOptions(options) },
        TeachingAssignmentStore,
        GuardianLinkStore,
        ...USE_CASES,
      ],
      exports: USE_CASES,
    };
  }
}
