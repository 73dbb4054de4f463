import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionTerminator } from '#identity-core';
import { ClientChanges } from './clients/client-changes.js';
import { ClientRepository } from './clients/client.repository.js';
import { CreateClientUseCase } from './clients/create-client.use-case.js';
import { RotateClientSecretUseCase } from './clients/rotate-client-secret.use-case.js';
import { SetClientEnabledUseCase } from './clients/set-client-enabled.use-case.js';
import { UpdateClientUseCase } from './clients/update-client.use-case.js';
import { EnsureFirstPartyClientUseCase } from './clients/ensure-first-party-client.use-case.js';
import { OidcClientEntity } from './clients/oidc-client.entity.js';
import { SigningKeyEntity } from './keys/signing-key.entity.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import { OIDC_OPTIONS, OIDC_STORAGE, type OidcOptions, type OidcStorageOptions } from './oidc.options.js';
import { OidcService } from './oidc.service.js';
import { AccountSessions } from './sessions/account-sessions.js';
import { StoredSessionTerminator } from './sessions/stored-session.terminator.js';

const MANAGEMENT = [
  ClientChanges,
  ClientRepository,
  CreateClientUseCase,
  EnsureFirstPartyClientUseCase,
  SigningKeysService,
  UpdateClientUseCase,
  RotateClientSecretUseCase,
  SetClientEnabledUseCase,
];
const ENTITIES = TypeOrmModule.forFeature([OidcClientEntity, SigningKeyEntity]);
const SESSIONS: Provider[] = [
  AccountSessions,
  StoredSessionTerminator,
  { provide: SessionTerminator, useExisting: StoredSessionTerminator },
];

/**
 * The OpenID Connect engine (oidc-provider) with its storage, clients and keys. Global either way:
 * features (password reset, disabling an account) reach SessionTerminator without importing it.
 */
@Module({})
export class OidcModule {
  /** The running engine (idp). */
  static forRootAsync(options: {
    inject?: never[];
    useFactory: (...args: any[]) => OidcOptions | Promise<OidcOptions>;
  }): DynamicModule {
    return {
      module: OidcModule,
      global: true,
      imports: [ENTITIES],
      providers: [
        { provide: OIDC_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: OIDC_STORAGE,
          inject: [OIDC_OPTIONS],
          useFactory: (o: OidcOptions): OidcStorageOptions => ({ redisPrefix: o.redisPrefix }),
        },
        ...MANAGEMENT,
        ...SESSIONS,
        OidcService,
      ],
      exports: [...MANAGEMENT, OidcService, SessionTerminator, AccountSessions],
    };
  }

  /** Clients, signing keys and ending sessions without an engine (CLI, admin portal). */
  static forManagement(options: {
    inject?: never[];
    useFactory: (...args: any[]) => OidcStorageOptions | Promise<OidcStorageOptions>;
  }): DynamicModule {
    return {
      module: OidcModule,
      global: true,
      imports: [ENTITIES],
      providers: [
        { provide: OIDC_STORAGE, inject: options.inject ?? [], useFactory: options.useFactory },
        ...MANAGEMENT,
        ...SESSIONS,
      ],
      exports: [...MANAGEMENT, SessionTerminator, AccountSessions],
    };
  }
}
