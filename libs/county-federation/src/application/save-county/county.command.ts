import type { CountyAuthMethod, CountyProviderKind } from '../../entities/county-provider.entity.js';

/** `counties:add` (every required field) and `counties:update` (only what changes). */
export interface CountyFields {
  name?: string;
  kind?: CountyProviderKind;
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
  authMethod?: CountyAuthMethod;
  scopes?: string[];
  /** Parsed JSON of `--claims`; null resets to the default mapping. */
  claimsMapping?: unknown;
  trustNationalId?: boolean;
  provision?: boolean;
  /** OAuth2 only. */
  endpoints?: { authorization?: string; token?: string; profile?: string[] };
  subjectClaim?: string;
  enabled?: boolean;
}

export interface AddCountyCommand extends CountyFields {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  actor: string;
}

export interface UpdateCountyCommand extends CountyFields {
  id: string;
  actor: string;
}

/** What operators see of a county: never its secret. */
export interface CountyView {
  id: string;
  name: string;
  kind: CountyProviderKind;
  issuer: string;
  clientId: string;
  authMethod: CountyAuthMethod;
  scopes: string[];
  endpoints: { authorization: string; token: string; profile: string[] } | null;
  subjectClaim: string | null;
  claimsMapping: 'default' | object;
  trustNationalId: boolean;
  provision: boolean;
  enabled: boolean;
  /** To register at the county. */
  redirectUri: string;
}
