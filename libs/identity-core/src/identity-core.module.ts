import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountStateService } from './accounts/account-state.service.js';
import { AccountRepository } from './accounts/account.repository.js';
import { ChangeAccountStatusUseCase } from './application/change-account-status/change-account-status.use-case.js';
import { CreateAccountUseCase } from './application/create-account/create-account.use-case.js';
import { GetAccountUseCase } from './application/get-account/get-account.use-case.js';
import { ProvisionAccountUseCase } from './application/provision-account/provision-account.use-case.js';
import { SyncAffiliationsUseCase } from './application/sync-affiliations/sync-affiliations.use-case.js';
import { LastAuditVerificationUseCase } from './application/verify-audit-chain/last-audit-verification.use-case.js';
import { VerifyAuditChainUseCase } from './application/verify-audit-chain/verify-audit-chain.use-case.js';
import { UpsertSchoolUseCase } from './application/upsert-school/upsert-school.use-case.js';
import { AuditService } from './audit/audit.service.js';
import {
  AUTHENTICATION_EXPORTS,
  AUTHENTICATION_PROVIDERS,
} from './authentication/authentication.providers.js';
import { IDENTITY_CORE_ENTITIES } from './entities/index.js';
import { IDENTITY_CORE_OPTIONS, type IdentityCoreOptions } from './identity-core.options.js';
import { PASSWORD_PROVIDERS } from './passwords/passwords.js';
import { PiiService } from './pii/pii.service.js';
import { SchoolRepository } from './schools/school.repository.js';
import { Clock } from './time/clock.js';

const EXPORTED = [
  AccountRepository,
  AccountStateService,
  SchoolRepository,
  AuditService,
  Clock,
  PiiService,
  CreateAccountUseCase,
  GetAccountUseCase,
  ChangeAccountStatusUseCase,
  UpsertSchoolUseCase,
  SyncAffiliationsUseCase,
  ProvisionAccountUseCase,
  VerifyAuditChainUseCase,
  LastAuditVerificationUseCase,
];

/**
 * Accounts, schools, affiliations, audit, PII protection and passwords. Global: every feature needs
 * it. Its tables are its own: the TypeORM repositories of its entities are not exported, features
 * read and write accounts, schools and affiliations through the repositories and services above.
 */
@Global()
@Module({})
export class IdentityCoreModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => IdentityCoreOptions | Promise<IdentityCoreOptions>;
  }): DynamicModule {
    return {
      module: IdentityCoreModule,
      imports: [...(options.imports ?? []), TypeOrmModule.forFeature(IDENTITY_CORE_ENTITIES)],
      providers: [
        { provide: IDENTITY_CORE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ...PASSWORD_PROVIDERS,
        ...EXPORTED,
        ...AUTHENTICATION_PROVIDERS,
      ],
      exports: [
        ...EXPORTED,
        ...PASSWORD_PROVIDERS.map((p) => (p as { provide: unknown }).provide as never),
        ...AUTHENTICATION_EXPORTS,
      ],
    };
  }
}
