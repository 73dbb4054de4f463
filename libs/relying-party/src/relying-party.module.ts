import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryCache } from './discovery.cache.js';
import { LogoutTokenVerifier } from './logout-token.verifier.js';
import { OAuth2ClientRepository } from './oauth2-client.repository.js';
import { OidcClientRepository } from './oidc-client.repository.js';
import {
  RELYING_PARTY_OPTIONS,
  resolveRelyingPartyOptions,
  type RelyingPartyOptions,
} from './relying-party.options.js';
import { RelyingPartyService } from './relying-party.service.js';

const EXPORTED = [RelyingPartyService, OidcClientRepository, OAuth2ClientRepository, LogoutTokenVerifier];

/**
 * edu-sso as a client of other providers (county OpenID Connect providers, Taipei's OAuth2 server,
 * our own idp for the admin portal). Uses the global `Clock` of IdentityCoreModule when the app
 * has one, the system clock otherwise; needs nothing else.
 */
@Module({})
export class RelyingPartyModule {
  static forRoot(options: RelyingPartyOptions = {}): DynamicModule {
    return RelyingPartyModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => RelyingPartyOptions | Promise<RelyingPartyOptions>;
  }): DynamicModule {
    return {
      module: RelyingPartyModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: RELYING_PARTY_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: any[]) => resolveRelyingPartyOptions(await options.useFactory(...args)),
        },
        DiscoveryCache,
        ...EXPORTED,
      ],
      exports: EXPORTED,
    };
  }
}
