import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SignInMethodsModule } from '#identity-core';
import { RelyingPartyModule } from '#relying-party';
import { ListCountyLinksUseCase } from './application/county-links/list-county-links.use-case.js';
import { UnlinkCountyUseCase } from './application/county-links/unlink-county.use-case.js';
import { BeginCountyProofUseCase } from './application/county-proof/begin-county-proof.use-case.js';
import { CompleteCountyProofUseCase } from './application/county-proof/complete-county-proof.use-case.js';
import { LinkProvenCountyUseCase } from './application/county-proof/link-proven-county.use-case.js';
import { ListProofCountiesUseCase } from './application/county-proof/list-proof-counties.use-case.js';
import { ListCountiesUseCase } from './application/list-counties/list-counties.use-case.js';
import { AddCountyUseCase } from './application/save-county/add-county.use-case.js';
import { UpdateCountyUseCase } from './application/save-county/update-county.use-case.js';
import {
  COUNTY_FEDERATION_OPTIONS,
  resolveCountyFederationOptions,
  type CountyFederationOptions,
  type ResolvedCountyFederationOptions,
} from './county-federation.options.js';
import { COUNTY_ENTITIES } from './entities/index.js';
import { CountyLinkRepository } from './links/county-link.repository.js';
import { CountyProofStore } from './proof/county-proof.store.js';
import { CountyProviderRepository } from './providers/county-provider.repository.js';
import { CountyAccountLinker } from './sign-in/county-account.linker.js';
import { CountyReturnStore } from './sign-in/county-return.store.js';
import { CountySignInMethod } from './sign-in/county.sign-in-method.js';

const USE_CASES = [
  AddCountyUseCase,
  UpdateCountyUseCase,
  ListCountiesUseCase,
  ListCountyLinksUseCase,
  UnlinkCountyUseCase,
];

/** 使用縣市帳號證明身分 on /activate and /apply: the idp only. */
const PROOF_USE_CASES = [
  ListProofCountiesUseCase,
  BeginCountyProofUseCase,
  CompleteCountyProofUseCase,
  LinkProvenCountyUseCase,
];

type OptionsFactory = {
  imports?: DynamicModule['imports'];
  inject?: never[];
  useFactory: (...args: any[]) => CountyFederationOptions | Promise<CountyFederationOptions>;
};

/**
 * 使用縣市帳號登入: the county providers (data, `counties:*`), their links to accounts, and the
 * `county` sign-in method. Needs the identity core, REDIS and the database.
 * `forRootAsync` registers the sign-in method (the idp); `forManagement` only the operators' use
 * cases (the CLI, the admin app).
 */
@Module({})
export class CountyFederationModule {
  static forRootAsync(options: OptionsFactory): DynamicModule {
    const core = coreModule(options);
    return {
      module: CountyFederationModule,
      imports: [core, SignInMethodsModule.register([CountySignInMethod], { imports: [core] })],
      providers: [...USE_CASES, ...PROOF_USE_CASES],
      // The idp's /cncreturnpage finds the login a county's answer belongs to.
      exports: [...USE_CASES, ...PROOF_USE_CASES, core],
    };
  }

  static forManagement(options: OptionsFactory): DynamicModule {
    return {
      module: CountyFederationModule,
      imports: [coreModule(options)],
      // (no sign-in method: the CLI and the admin app only manage counties and links)
      providers: USE_CASES,
      exports: USE_CASES,
    };
  }
}

@Module({})
class CountyFederationCoreModule {}

@Module({})
class CountyFederationOptionsModule {}

/**
 * The options, repositories and the relying party, as one module object that both the sign-in
 * method's registration and the use cases import (Nest makes one instance of it per app).
 */
function coreModule(options: OptionsFactory): DynamicModule {
  const optionsModule: DynamicModule = {
    module: CountyFederationOptionsModule,
    imports: options.imports ?? [],
    providers: [
      {
        provide: COUNTY_FEDERATION_OPTIONS,
        inject: options.inject ?? [],
        useFactory: async (...args: unknown[]) =>
          resolveCountyFederationOptions(await options.useFactory(...args)),
      },
    ],
    exports: [COUNTY_FEDERATION_OPTIONS],
  };
  return {
    module: CountyFederationCoreModule,
    imports: [
      optionsModule,
      TypeOrmModule.forFeature(COUNTY_ENTITIES),
      RelyingPartyModule.forRootAsync({
        imports: [optionsModule],
        inject: [COUNTY_FEDERATION_OPTIONS as never],
        useFactory: (o: ResolvedCountyFederationOptions) => ({
          timeoutMs: o.timeoutMs,
          allowInsecureHttp: o.allowInsecureHttp,
        }),
      }),
    ],
    providers: [
      CountyProviderRepository,
      CountyLinkRepository,
      CountyReturnStore,
      CountyProofStore,
      CountyAccountLinker,
    ],
    exports: [
      optionsModule,
      RelyingPartyModule,
      TypeOrmModule,
      CountyProviderRepository,
      CountyLinkRepository,
      CountyReturnStore,
      CountyProofStore,
      CountyAccountLinker,
    ],
  };
}
