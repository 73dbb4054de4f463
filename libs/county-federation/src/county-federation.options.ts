import { DomainError } from '#identity-core';

export const COUNTY_FEDERATION_OPTIONS = Symbol('COUNTY_FEDERATION_OPTIONS');

export interface CountyFederationOptions {
  /** `{ISSUER}/cncreturnpage`: the one callback registered at every county (the state says which). */
  redirectUri: string;
  /** Prefix of this feature's Redis keys (`<prefix>:county:…`). */
  redisPrefix: string;
  /** Each call to a county gives up after this (5000 ms): a slow county fails fast, never the others. */
  timeoutMs?: number;
  /** Allow `http:` counties: tests and local development only. */
  allowInsecureHttp?: boolean;
}

export type ResolvedCountyFederationOptions = Readonly<Required<CountyFederationOptions>>;

export function resolveCountyFederationOptions(o: CountyFederationOptions): ResolvedCountyFederationOptions {
  const r = { timeoutMs: 5000, allowInsecureHttp: false, ...o };
  let url: URL | null = null;
  try {
    url = new URL(r.redirectUri);
  } catch {
    url = null;
  }
  if (
    !url ||
    url.search ||
    !r.redisPrefix ||
    !Number.isSafeInteger(r.timeoutMs) ||
    r.timeoutMs < 100 ||
    r.timeoutMs > 60_000
  )
    throw new DomainError('county_federation_options_invalid', 'invalid county federation options');
  return r;
}
