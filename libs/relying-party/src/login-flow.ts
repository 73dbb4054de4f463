import { createHash, timingSafeEqual } from 'node:crypto';
import { calculatePKCECodeChallenge, randomNonce, randomPKCECodeVerifier, randomState } from 'openid-client';
import { parseLoginTransaction, type LoginTransaction } from './login-transaction.js';
import { assertProviderConfig, issuerOf, type ProviderConfig } from './provider-config.js';
import { RelyingPartyError } from './relying-party.errors.js';
import type { ResolvedRelyingPartyOptions } from './relying-party.options.js';

export interface BeginLoginRequest {
  /** Our callback URL, registered at the provider; without a query string. */
  redirectUri: string;
  /** Overrides the provider's configured scopes for this login. */
  scope?: string[];
  /** More authorization parameters (`prompt`, `login_hint`, `ui_locales`, `acr_values` …). */
  extraParams?: Record<string, string>;
  /** Opaque to this lib, handed back by `completeLogin` (where the caller continues). */
  returnTo?: string;
  /** Sent as `max_age`; the ID token's `auth_time` must then be recent enough. */
  maxAge?: number;
}

export interface BeginLoginResult {
  /** Where to send the browser. */
  url: string;
  /** What the caller keeps until the callback (see `LoginTransaction`). */
  transaction: LoginTransaction;
}

export interface LoginResult {
  provider: string;
  issuer: string;
  /** The user's stable id at the provider (`sub`, or the profile API's `subjectClaim`). */
  subject: string;
  /** ID token claims (OpenID Connect) or the merged profile APIs (OAuth2). */
  claims: Record<string, unknown>;
  /** UserInfo, when asked for (OpenID Connect). */
  userinfo?: Record<string, unknown>;
  tokens: {
    accessToken: string;
    tokenType: string;
    expiresIn?: number;
    refreshToken?: string;
    idToken?: string;
    scope?: string;
  };
  returnTo?: string;
}

/** The callback as the browser brought it: its URL, or just its query parameters. */
export type LoginCallback = URL | URLSearchParams | string;

/** Parameters the lib sets itself; letting a caller override them would switch off a check. */
const RESERVED = new Set([
  'client_id',
  'response_type',
  'response_mode',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'max_age',
  'request',
  'request_uri',
]);

/** Refuses `http:` endpoints unless the options allow them (tests, local development). */
export function assertUsable(p: ProviderConfig, options: ResolvedRelyingPartyOptions): void {
  assertProviderConfig(p);
  const urls =
    p.kind === 'oidc' ? [p.issuer] : [p.endpoints.authorization, p.endpoints.token, ...p.endpoints.profile];
  if (!options.allowInsecureHttp && urls.some((u) => new URL(u).protocol !== 'https:'))
    throw new RelyingPartyError('provider_config_invalid', `${p.id}: endpoints must be https`, {
      provider: p.id,
      reason: 'https',
    });
}

/** A new transaction and the authorization parameters that go with it. */
export async function startLogin(
  p: ProviderConfig,
  request: BeginLoginRequest,
  now: number,
): Promise<{ transaction: LoginTransaction; params: URLSearchParams }> {
  const bad = (reason: string) =>
    new RelyingPartyError('invalid_login_request', `${p.id}: ${reason}`, { provider: p.id, reason });
  let redirect: URL;
  try {
    redirect = new URL(request.redirectUri);
  } catch {
    throw bad('redirect_uri');
  }
  if (redirect.search || redirect.hash || !['https:', 'http:'].includes(redirect.protocol))
    throw bad('redirect_uri');
  if (request.maxAge !== undefined && !(Number.isSafeInteger(request.maxAge) && request.maxAge >= 0))
    throw bad('max_age');
  const extra = Object.entries(request.extraParams ?? {});
  const reserved = extra.find(([k]) => RESERVED.has(k));
  if (reserved) throw bad(`${reserved[0]} is set by the relying party`);

  const scope = new Set(request.scope ?? p.scopes);
  if (p.kind === 'oidc') scope.add('openid');
  const transaction: LoginTransaction = {
    v: 1,
    provider: p.id,
    kind: p.kind,
    issuer: issuerOf(p),
    state: randomState(),
    ...(p.kind === 'oidc' && { nonce: randomNonce() }),
    codeVerifier: randomPKCECodeVerifier(),
    redirectUri: redirect.href,
    ...(request.returnTo !== undefined && { returnTo: request.returnTo }),
    ...(request.maxAge !== undefined && { maxAge: request.maxAge }),
    createdAt: now,
  };
  const params = new URLSearchParams(extra);
  params.set('redirect_uri', transaction.redirectUri);
  params.set('scope', [...scope].join(' '));
  params.set('state', transaction.state);
  if (transaction.nonce) params.set('nonce', transaction.nonce);
  params.set('code_challenge', await calculatePKCECodeChallenge(transaction.codeVerifier));
  params.set('code_challenge_method', 'S256');
  if (request.maxAge !== undefined) params.set('max_age', String(request.maxAge));
  return { transaction, params };
}

/**
 * The stored transaction, checked against the provider it is completed at and its age, and the
 * callback's parameters on our redirect URI (the token request must repeat that URI exactly, so it
 * comes from the transaction, not from a Host header behind a proxy). `state` is compared here,
 * before anything else is believed, including an `error` the callback carries.
 */
export function openCallback(
  p: ProviderConfig,
  stored: unknown,
  callback: LoginCallback,
  now: number,
  ttlMs: number,
): { transaction: LoginTransaction; url: URL } {
  const t = parseLoginTransaction(stored);
  if (t.provider !== p.id || t.kind !== p.kind || t.issuer !== issuerOf(p))
    throw new RelyingPartyError('transaction_invalid', `${p.id}: the login was started at another provider`, {
      provider: p.id,
      reason: 'provider',
    });
  if (now - t.createdAt > ttlMs || now < t.createdAt - 60_000)
    throw new RelyingPartyError('transaction_expired', `${p.id}: the login took too long`, {
      provider: p.id,
    });
  const params = callbackParams(callback, p.id);
  if (!sameSecret(params.get('state'), t.state))
    throw new RelyingPartyError('state_mismatch', `${p.id}: the callback's state is not this login's`, {
      provider: p.id,
    });
  const url = new URL(t.redirectUri);
  for (const [k, v] of params) url.searchParams.append(k, v);
  return { transaction: t, url };
}

function callbackParams(callback: LoginCallback, provider: string): URLSearchParams {
  if (callback instanceof URLSearchParams) return callback;
  if (callback instanceof URL) return callback.searchParams;
  if (!/^https?:/.test(callback)) return new URLSearchParams(callback);
  try {
    return new URL(callback).searchParams;
  } catch {
    throw new RelyingPartyError('upstream_invalid_response', `${provider}: the callback URL is malformed`, {
      provider,
      reason: 'callback',
    });
  }
}

/** Constant-time equality of two secrets of any length (hashing first evens the lengths). */
export function sameSecret(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}
