import { RelyingPartyError } from './relying-party.errors.js';

/**
 * How we authenticate to a provider's token endpoint. Counties mostly use `client_secret_basic`,
 * Kaohsiung `client_secret_post`; `none` is a public client (PKCE only); `private_key_jwt` signs an
 * assertion with our key (the provider registers our public key).
 */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none' | 'private_key_jwt';

/** A private JWK (RSA or EC) with the `kid` the provider knows it by. */
export type PrivateJwk = { kty: string; kid?: string; alg?: string; [member: string]: unknown };

interface ProviderCommon {
  /** Our id of the provider (e.g. `tp`, `kh`, `idp`): goes into the transaction and every error. */
  id: string;
  clientId: string;
  /** For the `client_secret_*` methods. */
  clientSecret?: string;
  /** For `private_key_jwt`. */
  privateKeyJwk?: PrivateJwk;
  authMethod: ClientAuthMethod;
  /** Default scopes of `beginLogin` (e.g. `['openid', 'exchangedata']`, Kaohsiung `kh_profile kh_titles`). */
  scopes: string[];
}

/** An OpenID Connect provider: everything else comes from its discovery document. */
export interface OidcProviderConfig extends ProviderCommon {
  kind: 'oidc';
  /** The issuer identifier; discovery is `{issuer}/.well-known/openid-configuration`. */
  issuer: string;
}

/**
 * A plain OAuth 2.0 server without discovery or ID tokens (Taipei's Laravel Passport): the user's
 * claims come from one or more profile APIs called with the access token.
 */
export interface OAuth2ProviderConfig extends ProviderCommon {
  kind: 'oauth2';
  /** An identifier for the server; defaults to the authorization endpoint's origin. */
  issuer?: string;
  endpoints: {
    authorization: string;
    token: string;
    /** Called in order with the access token; their JSON objects are merged (later ones win). */
    profile: string[];
  };
  /** Where the stable user id is in the merged profile, dotted for nested fields (`uuid`, `data.id`). */
  subjectClaim: string;
}

/** Data, not code: it can be stored as JSON (secrets encrypted by whoever stores it). */
export type ProviderConfig = OidcProviderConfig | OAuth2ProviderConfig;

const AUTH_METHODS: readonly ClientAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'none',
  'private_key_jwt',
];

function isUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return ['https:', 'http:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Checks a configuration once, before any network call, and names every problem. */
export function assertProviderConfig(p: ProviderConfig): void {
  const problems: string[] = [];
  const need = (ok: unknown, problem: string) => ok || problems.push(problem);
  need(typeof p.id === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(p.id), 'id');
  need(typeof p.clientId === 'string' && p.clientId.length > 0 && p.clientId.length <= 255, 'clientId');
  need(AUTH_METHODS.includes(p.authMethod), 'authMethod');
  if (p.authMethod === 'client_secret_basic' || p.authMethod === 'client_secret_post')
    need(typeof p.clientSecret === 'string' && p.clientSecret.length > 0, 'clientSecret');
  if (p.authMethod === 'private_key_jwt')
    need(typeof p.privateKeyJwk === 'object' && p.privateKeyJwk !== null, 'privateKeyJwk');
  need(
    Array.isArray(p.scopes) &&
      p.scopes.every((s) => typeof s === 'string' && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s)),
    'scopes',
  );
  if (p.kind === 'oidc') {
    need(isUrl(p.issuer), 'issuer');
  } else if (p.kind === 'oauth2') {
    need(p.issuer === undefined || isUrl(p.issuer), 'issuer');
    need(isUrl(p.endpoints?.authorization), 'endpoints.authorization');
    need(isUrl(p.endpoints?.token), 'endpoints.token');
    need(Array.isArray(p.endpoints?.profile) && p.endpoints.profile.length > 0, 'endpoints.profile');
    need(p.endpoints?.profile?.every?.(isUrl), 'endpoints.profile');
    need(typeof p.subjectClaim === 'string' && p.subjectClaim.length > 0, 'subjectClaim');
  } else {
    problems.push('kind');
  }
  if (problems.length)
    throw new RelyingPartyError(
      'provider_config_invalid',
      `invalid provider configuration: ${problems.join(', ')}`,
      {
        provider: typeof p.id === 'string' ? p.id : undefined,
        reason: problems.join(','),
      },
    );
}

/** The issuer a transaction and errors name: configured, or the OAuth2 server's origin. */
export function issuerOf(p: ProviderConfig): string {
  return p.issuer ?? new URL((p as OAuth2ProviderConfig).endpoints.authorization).origin;
}
