import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SignInMethodsModule } from '#identity-core';
import { CertificateBindingEntity } from './bindings/certificate-binding.entity.js';
import { CertificateBindingRepository } from './bindings/certificate-binding.repository.js';
import { CardSignatureVerifier } from './card/card-signature.verifier.js';
import { CardSignInMethod } from './card/card.sign-in-method.js';
import { SignNonces } from './card/sign-nonces.js';
import {
  CERTIFICATE_AUTH_OPTIONS,
  resolveCertificateAuthOptions,
  type CertificateAuthOptions,
  type ResolvedCertificateAuthOptions,
} from './certificate-auth.options.js';
import { HttpTwFidoClient, TwFidoClient } from './mobile/tw-fido.client.js';
import { MobileSignInMethod } from './mobile/mobile.sign-in-method.js';
import { FidoPolls } from './mobile/fido-polls.js';
import { HttpRevocationFetcher, RevocationFetcher } from './x509/revocation.fetcher.js';
import { RevocationChecker } from './x509/revocation.checker.js';

/** What the two methods share: options, the outside services' adapters, nonces, bindings. */
@Module({})
class CertificateCoreModule {}

/**
 * 自然人憑證登入 and 行動自然人APP登入 as two sign-in methods. Needs, from the app:
 * IdentityCoreModule (global) and the global REDIS. The outside services are ports
 * (RevocationFetcher, TwFidoClient) with HTTP adapters; a null `card` or `mobile` leaves that way
 * in off (it is then not on the login page).
 */
@Module({})
export class CertificateAuthModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => CertificateAuthOptions | Promise<CertificateAuthOptions>;
  }): DynamicModule {
    const shared = [
      CertificateBindingRepository,
      SignNonces,
      RevocationChecker,
      CardSignatureVerifier,
      FidoPolls,
      RevocationFetcher,
      TwFidoClient,
      CERTIFICATE_AUTH_OPTIONS,
    ];
    const core: DynamicModule = {
      module: CertificateCoreModule,
      imports: [...(options.imports ?? []), TypeOrmModule.forFeature([CertificateBindingEntity])],
      providers: [
        {
          provide: CERTIFICATE_AUTH_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: any[]) =>
            resolveCertificateAuthOptions(await options.useFactory(...args)),
        },
        {
          provide: RevocationFetcher,
          inject: [CERTIFICATE_AUTH_OPTIONS],
          useFactory: (o: ResolvedCertificateAuthOptions) => new HttpRevocationFetcher(o.requestTimeoutMs),
        },
        {
          provide: TwFidoClient,
          inject: [CERTIFICATE_AUTH_OPTIONS],
          useFactory: (o: ResolvedCertificateAuthOptions) => new HttpTwFidoClient(o),
        },
        CertificateBindingRepository,
        SignNonces,
        RevocationChecker,
        CardSignatureVerifier,
        FidoPolls,
      ],
      exports: shared,
    };
    return {
      module: CertificateAuthModule,
      imports: [
        core,
        SignInMethodsModule.register([CardSignInMethod, MobileSignInMethod], { imports: [core] }),
      ],
      exports: [core],
    };
  }
}
