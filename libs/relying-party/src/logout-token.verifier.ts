import { Inject, Injectable, Optional } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { Clock } from '#identity-core';
import { DiscoveryCache } from './discovery.cache.js';
import { assertUsable } from './login-flow.js';
import type { OidcProviderConfig } from './provider-config.js';
import { RelyingPartyError } from './relying-party.errors.js';
import { RELYING_PARTY_OPTIONS, type ResolvedRelyingPartyOptions } from './relying-party.options.js';

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Who a valid logout token signs out: the provider session (`sid`), the user (`sub`), or both. */
export interface LogoutNotice {
  sub?: string;
  sid?: string;
}

/**
 * OpenID Connect Back-Channel Logout 1.0 §2.6: a logout token is accepted only when signed by the
 * provider's keys (from discovery), issued by it to this client, recent, carrying the logout
 * event and a `sub` or `sid`, and no `nonce` (so an ID token cannot pass for one).
 */
@Injectable()
export class LogoutTokenVerifier {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  private readonly clock: Clock;

  constructor(
    @Inject(RELYING_PARTY_OPTIONS) private readonly options: ResolvedRelyingPartyOptions,
    private readonly discovery: DiscoveryCache,
    @Optional() @Inject(Clock) clock?: Clock,
  ) {
    this.clock = clock ?? new Clock();
  }

  async verify(provider: OidcProviderConfig, token: unknown): Promise<LogoutNotice> {
    assertUsable(provider, this.options);
    const invalid = (why: string) =>
      new RelyingPartyError('logout_token_invalid', `${provider.id}: logout token ${why}`, {
        provider: provider.id,
        reason: why,
      });
    if (typeof token !== 'string' || token.length > 8192) throw invalid('missing');
    const { metadata } = await this.discovery.get(provider.issuer, provider.id);
    if (!metadata.jwks_uri) throw invalid('no_jwks');
    let keys = this.keySets.get(metadata.jwks_uri);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: this.options.timeoutMs });
      this.keySets.set(metadata.jwks_uri, keys);
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: metadata.issuer,
        audience: provider.clientId,
        clockTolerance: this.options.clockToleranceSeconds,
        currentDate: this.clock.now(),
        maxTokenAge: '10m',
      }));
    } catch {
      throw invalid('signature_or_claims');
    }
    const events = payload.events as Record<string, unknown> | undefined;
    if (!events || typeof events !== 'object' || typeof events[EVENT] !== 'object') throw invalid('no_event');
    if ('nonce' in payload) throw invalid('nonce');
    const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (!sub && !sid) throw invalid('no_subject');
    return { ...(sub && { sub }), ...(sid && { sid }) };
  }
}
