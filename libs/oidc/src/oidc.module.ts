import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionTerminator } from '#identity-core';
import { ClientRepository } from './clients/client.repository.js';
import { CreateClientUseCase } from './clients/create-client.use-case.js';
import { OidcClientEntity } from './clients/oidc-client.entity.js';
import { SigningKeyEntity } from './keys/signing-key.entity.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import { OIDC_OPTIONS, type OidcOptions } from './oidc.options.js';
import { OidcService } from './oidc.service.js';

const MANAGEMENT = [ClientRepository, CreateClientUseCase, SigningKeysService];
const ENTITIES = TypeOrmModule.forFeature([OidcClientEntity, SigningKeyEntity]);

/** The OpenID Connect engine (oidc-provider) with its storage, clients and keys. */
@Module({})
export class OidcModule {
  /** The running engine (idp). */
  static forRootAsync(options: {
    inject?: never[];
    useFactory: (...args: any[]) => OidcOptions | Promise<OidcOptions>;
  }): DynamicModule {
    return {
      module: OidcModule,
      // Global: features (password reset, admin) reach SessionTerminator without importing the engine.
      global: true,
      imports: [ENTITIES],
      providers: [
        { provide: OIDC_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ...MANAGEMENT,
        OidcService,
        { provide: SessionTerminator, useExisting: OidcService },
      ],
      exports: [...MANAGEMENT, OidcService, SessionTerminator],
    };
  }

  /** Clients and signing keys without an engine (CLI, admin portal). */
  static forManagement(): DynamicModule {
    return { module: OidcModule, imports: [ENTITIES], providers: MANAGEMENT, exports: MANAGEMENT };
  }
}
