import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  clockSkew,
  clockTolerance,
  Configuration,
  enableNonRepudiationChecks,
  fetchUserInfo,
  getJwksCache,
  None,
  setJwksCache,
  type ClientAuth,
  type IDToken,
  type ServerMetadata,
} from 'openid-client';
import { Clock } from '#identity-core';
import { clientAuthFor } from './client-auth.js';
import { DiscoveryCache } from './discovery.cache.js';
import {
  assertUsable,
  openCallback,
  startLogin,
  type BeginLoginRequest,
  type BeginLoginResult,
  type LoginCallback,
  type LoginResult,
} from './login-flow.js';
import type { OidcProviderConfig } from './provider-config.js';
import { RelyingPartyError } from './relying-party.errors.js';
import { RELYING_PARTY_OPTIONS, type ResolvedRelyingPartyOptions } from './relying-party.options.js';
import { toRelyingPartyError } from './upstream-error.mapper.js';

/** A fresh code's ID token was issued moments ago; an hour covers any sane clock drift. */
const ISSUED_WITHIN_SECONDS = 3600;

/**
 * An OpenID Connect provider, through openid-client: discovery (cached per issuer), the
 * authorization code flow with state, nonce and PKCE (S256), and every check of the ID token
 * (signature by the provider's JWKS, `iss`, `aud`/`azp`, `nonce`, `exp`, `iat`, `auth_time`).
 * Keeps no login in memory: the caller keeps the transaction.
 */
@Injectable()
export class OidcClientRepository {
  private readonly clock: Clock;

  constructor(
    @Inject(RELYING_PARTY_OPTIONS) private readonly options: ResolvedRelyingPartyOptions,
    private readonly discovery: DiscoveryCache,
    @Optional() @Inject(Clock) clock?: Clock,
  ) {
    this.clock = clock ?? new Clock();
  }

  async beginLogin(provider: OidcProviderConfig, request: BeginLoginRequest): Promise<BeginLoginResult> {
    assertUsable(provider, this.options);
    const { metadata } = await this.discovery.get(provider.issuer, provider.id);
    const { transaction, params } = await startLogin(provider, request, this.now());
    try {
      return {
        url: buildAuthorizationUrl(this.configuration(provider, metadata, None()), params).href,
        transaction,
      };
    } catch (err) {
      throw toRelyingPartyError(err, provider.id);
    }
  }

  /**
   * Checks the callback against the stored transaction, redeems the code and validates the ID
   * token; with `userinfo`, also fetches UserInfo (its `sub` must be the ID token's).
   */
  async completeLogin(
    provider: OidcProviderConfig,
    callback: LoginCallback,
    storedTransaction: unknown,
    { userinfo = false }: { userinfo?: boolean } = {},
  ): Promise<LoginResult> {
    assertUsable(provider, this.options);
    const now = this.now();
    const { transaction: t, url } = openCallback(
      provider,
      storedTransaction,
      callback,
      now,
      this.options.transactionTtlMs,
    );
    const discovered = await this.discovery.get(provider.issuer, provider.id);
    const issuer = discovered.metadata.issuer;
    // RFC 9207: an `iss` naming another provider means the user was sent somewhere else (mix-up).
    const iss = url.searchParams.get('iss');
    if (iss !== null && iss !== issuer)
      throw new RelyingPartyError(
        'issuer_mismatch',
        `${provider.id}: the callback comes from another issuer`,
        {
          provider: provider.id,
          reason: 'iss_parameter',
        },
      );
    const config = this.configuration(provider, discovered.metadata, await clientAuthFor(provider));
    if (discovered.jwks) setJwksCache(config, discovered.jwks);
    try {
      const tokens = await authorizationCodeGrant(config, url, {
        expectedState: t.state,
        expectedNonce: t.nonce,
        pkceCodeVerifier: t.codeVerifier,
        ...(t.maxAge !== undefined && { maxAge: t.maxAge }),
      });
      this.discovery.rememberJwks(provider.issuer, getJwksCache(config));
      const claims = tokens.claims()!; // expectedNonce makes openid-client require an ID token
      this.checkIssuedAt(provider, claims, now);
      const info = userinfo ? await fetchUserInfo(config, tokens.access_token, claims.sub) : undefined;
      return {
        provider: provider.id,
        issuer,
        subject: claims.sub,
        claims: { ...claims },
        ...(info && { userinfo: { ...info } }),
        tokens: {
          accessToken: tokens.access_token,
          tokenType: tokens.token_type,
          ...(tokens.expires_in !== undefined && { expiresIn: tokens.expires_in }),
          ...(tokens.refresh_token !== undefined && { refreshToken: tokens.refresh_token }),
          ...(tokens.id_token !== undefined && { idToken: tokens.id_token }),
          ...(tokens.scope !== undefined && { scope: tokens.scope }),
        },
        ...(t.returnTo !== undefined && { returnTo: t.returnTo }),
      };
    } catch (err) {
      throw toRelyingPartyError(err, provider.id);
    }
  }

  /**
   * openid-client checks `exp` and `nbf` but not `iat` of a code-flow ID token. One issued in the
   * future, or long before the code was redeemed, comes from a skewed clock or a replay.
   */
  private checkIssuedAt(provider: OidcProviderConfig, claims: IDToken, now: number): void {
    const tolerance = this.options.clockToleranceSeconds;
    const fail = (code: 'token_not_yet_valid' | 'token_expired', when: string) =>
      new RelyingPartyError(code, `${provider.id}: the ID token was issued ${when}`, {
        provider: provider.id,
        reason: 'iat',
      });
    if (claims.iat > now / 1000 + tolerance) throw fail('token_not_yet_valid', 'in the future');
    if (claims.iat < now / 1000 - ISSUED_WITHIN_SECONDS - tolerance)
      throw fail('token_expired', 'too long ago');
  }

  private configuration(
    provider: OidcProviderConfig,
    metadata: ServerMetadata,
    auth: ClientAuth,
  ): Configuration {
    const config = new Configuration(
      metadata,
      provider.clientId,
      {
        // openid-client reads the system clock; the skew makes its checks follow ours (tests move it).
        [clockSkew]: Math.round((this.now() - Date.now()) / 1000),
        [clockTolerance]: this.options.clockToleranceSeconds,
      },
      auth,
    );
    config.timeout = this.options.timeoutMs / 1000;
    if (this.options.allowInsecureHttp) allowInsecureRequests(config);
    // OpenID Connect lets a client trust TLS instead of the signature of a token-endpoint ID token
    // (openid-client's default); we verify it with the provider's JWKS anyway, so a wrong token
    // endpoint in a configuration or an intercepting proxy cannot sign anyone in.
    enableNonRepudiationChecks(config);
    return config;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
