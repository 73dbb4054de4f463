import { Injectable } from '@nestjs/common';
import type { BeginLoginRequest, BeginLoginResult, LoginCallback, LoginResult } from './login-flow.js';
import { OAuth2ClientRepository } from './oauth2-client.repository.js';
import { OidcClientRepository } from './oidc-client.repository.js';
import type { ProviderConfig } from './provider-config.js';

/** One entry for both kinds of provider: callers hold a `ProviderConfig` and need not care which. */
@Injectable()
export class RelyingPartyService {
  constructor(
    private readonly oidc: OidcClientRepository,
    private readonly oauth2: OAuth2ClientRepository,
  ) {}

  /** Where to send the browser, and the transaction to keep until it comes back. */
  beginLogin(provider: ProviderConfig, request: BeginLoginRequest): Promise<BeginLoginResult> {
    return provider.kind === 'oidc'
      ? this.oidc.beginLogin(provider, request)
      : this.oauth2.beginLogin(provider, request);
  }

  /** The validated sign-in, or a `RelyingPartyError`. `userinfo` applies to OpenID Connect providers. */
  completeLogin(
    provider: ProviderConfig,
    callback: LoginCallback,
    storedTransaction: unknown,
    options: { userinfo?: boolean } = {},
  ): Promise<LoginResult> {
    return provider.kind === 'oidc'
      ? this.oidc.completeLogin(provider, callback, storedTransaction, options)
      : this.oauth2.completeLogin(provider, callback, storedTransaction);
  }
}
