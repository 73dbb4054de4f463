import { DomainError } from '#identity-core';

export const RELYING_PARTY_OPTIONS = Symbol('RELYING_PARTY_OPTIONS');

export interface RelyingPartyOptions {
  /** Each call to a provider (discovery, token, JWKS, userinfo, profile APIs) gives up after this (5000). */
  timeoutMs?: number;
  /** A cached discovery document older than this is refreshed in the background on next use (3_600_000). */
  discoveryRefreshMs?: number;
  /** After a failed discovery, further logins at that provider fail at once for this long (5000). */
  discoveryFailureBackoffMs?: number;
  /** How long a user may take at the provider between begin and complete (600_000). */
  transactionTtlMs?: number;
  /** Tolerated clock difference for `exp`, `nbf` and `iat` of ID tokens, in seconds (30). */
  clockToleranceSeconds?: number;
  /** Allow `http:` providers. Tests and local development only. */
  allowInsecureHttp?: boolean;
}

export type ResolvedRelyingPartyOptions = Required<RelyingPartyOptions>;

export function resolveRelyingPartyOptions(o: RelyingPartyOptions = {}): ResolvedRelyingPartyOptions {
  const r: ResolvedRelyingPartyOptions = {
    timeoutMs: 5000,
    discoveryRefreshMs: 3_600_000,
    discoveryFailureBackoffMs: 5000,
    transactionTtlMs: 600_000,
    clockToleranceSeconds: 30,
    allowInsecureHttp: false,
    ...o,
  };
  const int = (n: number, min: number, max: number) => Number.isSafeInteger(n) && n >= min && n <= max;
  if (
    !int(r.timeoutMs, 1, 60_000) ||
    !int(r.discoveryRefreshMs, 1000, 7 * 86_400_000) ||
    !int(r.discoveryFailureBackoffMs, 0, 3_600_000) ||
    !int(r.transactionTtlMs, 1000, 86_400_000) ||
    !int(r.clockToleranceSeconds, 0, 600) ||
    typeof r.allowInsecureHttp !== 'boolean'
  )
    throw new DomainError('relying_party_options_invalid', 'invalid relying party options');
  return r;
}
