import { Inject, Injectable, Logger } from '@nestjs/common';
import { allowInsecureRequests, discovery, type ExportedJWKSCache, type ServerMetadata } from 'openid-client';
import { RELYING_PARTY_OPTIONS, type ResolvedRelyingPartyOptions } from './relying-party.options.js';
import type { RelyingPartyError } from './relying-party.errors.js';
import { toRelyingPartyError } from './upstream-error.mapper.js';

/** One issuer's discovery document and the signing keys its ID tokens were last checked with. */
export interface DiscoveredIssuer {
  metadata: ServerMetadata;
  fetchedAt: number;
  /** openid-client's JWKS cache, carried from one login's Configuration to the next. */
  jwks?: ExportedJWKSCache;
}

/**
 * Discovery documents per issuer, in this process (a cache: losing it costs one request).
 *
 * - A document older than `discoveryRefreshMs` is still served while one background request
 *   refreshes it, so a county's slow afternoon does not slow its logins, and a failed refresh keeps
 *   the old document (endpoints rarely move; an outage should not stop logins that would work).
 * - Concurrent first logins at one issuer share one request.
 * - A failed first discovery is remembered for `discoveryFailureBackoffMs`: logins at a provider
 *   that is down fail at once instead of each waiting the full timeout.
 * - Every issuer has its own entry and request: one provider's outage never waits on another's.
 */
@Injectable()
export class DiscoveryCache {
  private readonly log = new Logger(DiscoveryCache.name);
  private readonly entries = new Map<string, DiscoveredIssuer>();
  private readonly loading = new Map<string, Promise<DiscoveredIssuer>>();
  private readonly failures = new Map<string, { at: number; error: RelyingPartyError }>();

  constructor(@Inject(RELYING_PARTY_OPTIONS) private readonly options: ResolvedRelyingPartyOptions) {}

  async get(issuer: string, provider: string): Promise<DiscoveredIssuer> {
    const entry = this.entries.get(issuer);
    if (entry) {
      if (Date.now() - entry.fetchedAt >= this.options.discoveryRefreshMs && !this.backingOff(issuer))
        this.load(issuer, provider).catch(() => {}); // logged in load; the old document stays
      return entry;
    }
    const failure = this.backingOff(issuer);
    if (failure) throw failure.error;
    return this.load(issuer, provider);
  }

  /** The cached document, if any, without fetching (for callers that must not wait on a provider). */
  peek(issuer: string): DiscoveredIssuer | undefined {
    return this.entries.get(issuer);
  }

  /** Keeps the keys an ID-token check fetched, so the next login at this issuer does not fetch them again. */
  rememberJwks(issuer: string, jwks: ExportedJWKSCache | undefined): void {
    const entry = this.entries.get(issuer);
    if (entry && jwks) entry.jwks = jwks;
  }

  /** Fetches and checks the document (issuer equality); a seam for unit tests. */
  protected async fetchMetadata(issuer: string): Promise<ServerMetadata> {
    const config = await discovery(new URL(issuer), 'discovery', undefined, undefined, {
      timeout: this.options.timeoutMs / 1000,
      execute: this.options.allowInsecureHttp ? [allowInsecureRequests] : [],
    });
    return config.serverMetadata();
  }

  private backingOff(issuer: string) {
    const failure = this.failures.get(issuer);
    return failure && Date.now() - failure.at < this.options.discoveryFailureBackoffMs ? failure : undefined;
  }

  private load(issuer: string, provider: string): Promise<DiscoveredIssuer> {
    const pending = this.loading.get(issuer);
    if (pending) return pending;
    const started = this.fetchMetadata(issuer)
      .then((metadata) => {
        const previous = this.entries.get(issuer);
        const keepKeys = previous && previous.metadata.jwks_uri === metadata.jwks_uri;
        const entry: DiscoveredIssuer = {
          metadata,
          fetchedAt: Date.now(),
          jwks: keepKeys ? previous.jwks : undefined,
        };
        this.entries.set(issuer, entry);
        this.failures.delete(issuer);
        return entry;
      })
      .catch((err: unknown) => {
        const error = toRelyingPartyError(err, provider);
        this.failures.set(issuer, { at: Date.now(), error });
        this.log.warn(
          `discovery of ${issuer} failed: ${error.code} (${error.details.reason ?? error.details.error ?? ''})`,
        );
        throw error;
      })
      .finally(() => this.loading.delete(issuer));
    this.loading.set(issuer, started);
    return started;
  }
}
