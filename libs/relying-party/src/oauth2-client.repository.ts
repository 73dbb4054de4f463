import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  Configuration,
  fetchProtectedResource,
  None,
  type ClientAuth,
} from 'openid-client';
import { Clock } from '#identity-core';
import { clientAuthFor } from './client-auth.js';
import {
  assertUsable,
  openCallback,
  startLogin,
  type BeginLoginRequest,
  type BeginLoginResult,
  type LoginCallback,
  type LoginResult,
} from './login-flow.js';
import { issuerOf, type OAuth2ProviderConfig } from './provider-config.js';
import { RelyingPartyError } from './relying-party.errors.js';
import { RELYING_PARTY_OPTIONS, type ResolvedRelyingPartyOptions } from './relying-party.options.js';
import { toRelyingPartyError } from './upstream-error.mapper.js';

/**
 * A plain OAuth 2.0 server (Taipei's Laravel Passport): configured endpoints, no discovery, no ID
 * token. The code flow keeps state and PKCE; who the user is comes from the profile APIs, called
 * with the access token right after the exchange. Same begin/complete contract as OpenID Connect.
 */
@Injectable()
export class OAuth2ClientRepository {
  private readonly clock: Clock;

  constructor(
    @Inject(RELYING_PARTY_OPTIONS) private readonly options: ResolvedRelyingPartyOptions,
    @Optional() @Inject(Clock) clock?: Clock,
  ) {
    this.clock = clock ?? new Clock();
  }

  async beginLogin(provider: OAuth2ProviderConfig, request: BeginLoginRequest): Promise<BeginLoginResult> {
    assertUsable(provider, this.options);
    const { transaction, params } = await startLogin(provider, request, this.now());
    try {
      return { url: buildAuthorizationUrl(this.configuration(provider, None()), params).href, transaction };
    } catch (err) {
      throw toRelyingPartyError(err, provider.id);
    }
  }

  async completeLogin(
    provider: OAuth2ProviderConfig,
    callback: LoginCallback,
    storedTransaction: unknown,
  ): Promise<LoginResult> {
    assertUsable(provider, this.options);
    const { transaction: t, url } = openCallback(
      provider,
      storedTransaction,
      callback,
      this.now(),
      this.options.transactionTtlMs,
    );
    const config = this.configuration(provider, await clientAuthFor(provider));
    try {
      const tokens = await authorizationCodeGrant(config, url, {
        expectedState: t.state,
        pkceCodeVerifier: t.codeVerifier,
      });
      const profile: Record<string, unknown> = {};
      for (const endpoint of provider.endpoints.profile)
        Object.assign(profile, await this.fetchProfile(provider, config, tokens.access_token, endpoint));
      return {
        provider: provider.id,
        issuer: t.issuer,
        subject: this.subjectOf(provider, profile),
        claims: profile,
        tokens: {
          accessToken: tokens.access_token,
          tokenType: tokens.token_type,
          ...(tokens.expires_in !== undefined && { expiresIn: tokens.expires_in }),
          ...(tokens.refresh_token !== undefined && { refreshToken: tokens.refresh_token }),
          ...(tokens.scope !== undefined && { scope: tokens.scope }),
        },
        ...(t.returnTo !== undefined && { returnTo: t.returnTo }),
      };
    } catch (err) {
      throw toRelyingPartyError(err, provider.id);
    }
  }

  private async fetchProfile(
    provider: OAuth2ProviderConfig,
    config: Configuration,
    accessToken: string,
    endpoint: string,
  ): Promise<Record<string, unknown>> {
    const res = await fetchProtectedResource(
      config,
      accessToken,
      new URL(endpoint),
      'GET',
      undefined,
      new Headers({ accept: 'application/json' }),
    );
    const fail = (
      code: 'upstream_error' | 'upstream_unavailable' | 'upstream_invalid_response',
      reason: string,
    ) =>
      new RelyingPartyError(code, `${provider.id}: the profile API answered ${reason}`, {
        provider: provider.id,
        reason,
        ...(code === 'upstream_error' && { error: 'invalid_token' }),
      });
    if (res.status === 401 || res.status === 403) throw fail('upstream_error', `http_${res.status}`);
    if (res.status >= 500) throw fail('upstream_unavailable', `http_${res.status}`);
    if (res.status !== 200) throw fail('upstream_invalid_response', `http_${res.status}`);
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      if (err instanceof DOMException) throw err; // the timeout, mapped by the caller
      throw fail('upstream_invalid_response', 'not_json');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw fail('upstream_invalid_response', 'not_object');
    return body as Record<string, unknown>;
  }

  /** The configured (possibly dotted) field of the merged profile: a non-empty string or a number. */
  private subjectOf(provider: OAuth2ProviderConfig, profile: Record<string, unknown>): string {
    let value: unknown = profile;
    for (const key of provider.subjectClaim.split('.'))
      value =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    if ((typeof value === 'string' && value.length > 0 && value.length <= 255) || Number.isSafeInteger(value))
      return String(value);
    throw new RelyingPartyError(
      'upstream_invalid_response',
      `${provider.id}: the profile has no ${provider.subjectClaim}`,
      {
        provider: provider.id,
        reason: 'subject',
      },
    );
  }

  private configuration(provider: OAuth2ProviderConfig, auth: ClientAuth): Configuration {
    const config = new Configuration(
      {
        issuer: issuerOf(provider),
        authorization_endpoint: provider.endpoints.authorization,
        token_endpoint: provider.endpoints.token,
      },
      provider.clientId,
      undefined,
      auth,
    );
    config.timeout = this.options.timeoutMs / 1000;
    if (this.options.allowInsecureHttp) allowInsecureRequests(config);
    return config;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
