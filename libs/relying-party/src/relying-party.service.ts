import { Injectable } from '@nestjs/common';
import type { BeginLoginRequest, BeginLoginResult, LoginCallback, LoginResult } from './login-flow.js';
import { DiscoveryCache } from './discovery.cache.js';
import { OAuth2ClientRepository } from './oauth2-client.repository.js';
import { OidcClientRepository } from './oidc-client.repository.js';
import type { ProviderConfig } from './provider-config.js';

/** One entry for both kinds of provider: callers hold a `ProviderConfig` and need not care which. */
@Injectable()
export class RelyingPartyService {
  constructor(
    private readonly oidc: OidcClientRepository,
    private readonly oauth2: OAuth2ClientRepository,
    private readonly discovery: DiscoveryCache,
  ) {}

  /**
   * The origin `beginLogin` will send the browser to, as far as known without asking the provider
   * (a page's CSP `form-action` must allow it): the cached discovery's authorization endpoint, else
   * the issuer's origin (OpenID Connect); the configured endpoint (OAuth2). Null if unparsable.
   */
  authorizationOrigin(provider: ProviderConfig): string | null {
    try {
      if (provider.kind === 'oauth2') return new URL(provider.endpoints.authorization).origin;
      const cached = this.discovery.peek(provider.issuer)?.metadata.authorization_endpoint;
      return new URL(cached ?? provider.issuer).origin;
    } catch {
      return null;
    }
  }

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
