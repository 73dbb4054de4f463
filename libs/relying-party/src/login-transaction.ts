import { RelyingPartyError } from './relying-party.errors.js';

/**
 * Everything `completeLogin` needs to check the provider's answer, made by `beginLogin` and kept
 * by the caller between the two (in the engine's interaction, or a signed and encrypted cookie),
 * never in this process: any instance can finish a login another one started.
 *
 * It holds secrets (the PKCE verifier, the nonce): the caller must keep it where the user cannot
 * read or change it, bound to the browser that started the login, and use it once.
 */
export interface LoginTransaction {
  /** Format version, so a stored transaction survives a deploy that changes the shape. */
  v: 1;
  /** Our id of the provider; `completeLogin` refuses a transaction of another provider. */
  provider: string;
  kind: 'oidc' | 'oauth2';
  /** The issuer the login was started at (a changed configuration fails the login, not the check). */
  issuer: string;
  /** Sent as `state` and expected back unchanged. */
  state: string;
  /** Sent as `nonce` and expected in the ID token (OpenID Connect only). */
  nonce?: string;
  /** PKCE: the verifier of the `code_challenge` sent (S256). */
  codeVerifier: string;
  /** The `redirect_uri` sent; the token request must repeat it exactly. */
  redirectUri: string;
  /** Opaque to this lib: where the caller continues afterwards (an interaction uid, a path …). */
  returnTo?: string;
  /** `max_age` if one was asked for; the ID token's `auth_time` is then checked. */
  maxAge?: number;
  /** Epoch milliseconds; older than `transactionTtlMs` at completion is `transaction_expired`. */
  createdAt: number;
}

const MAX_FIELD = 2048;
const isText = (v: unknown, max = MAX_FIELD): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/**
 * Reads a transaction back from the caller's storage. Whatever comes back is checked field by
 * field: storage formats change, cookies get truncated, and a bad value must end as a typed error.
 */
export function parseLoginTransaction(value: unknown): LoginTransaction {
  const t = (typeof value === 'string' ? safeJson(value) : value) as Partial<LoginTransaction> | null;
  const ok =
    typeof t === 'object' &&
    t !== null &&
    t.v === 1 &&
    isText(t.provider, 64) &&
    (t.kind === 'oidc' || t.kind === 'oauth2') &&
    isText(t.issuer) &&
    isText(t.state, 512) &&
    (t.nonce === undefined || isText(t.nonce, 512)) &&
    (t.kind === 'oauth2' || t.nonce !== undefined) &&
    isText(t.codeVerifier, 128) &&
    isText(t.redirectUri) &&
    (t.returnTo === undefined || isText(t.returnTo)) &&
    (t.maxAge === undefined || (Number.isSafeInteger(t.maxAge) && t.maxAge >= 0)) &&
    Number.isSafeInteger(t.createdAt);
  if (!ok) throw new RelyingPartyError('transaction_invalid', 'the stored login transaction is not valid');
  return {
    v: 1,
    provider: t.provider!,
    kind: t.kind!,
    issuer: t.issuer!,
    state: t.state!,
    ...(t.nonce !== undefined && { nonce: t.nonce }),
    codeVerifier: t.codeVerifier!,
    redirectUri: t.redirectUri!,
    ...(t.returnTo !== undefined && { returnTo: t.returnTo }),
    ...(t.maxAge !== undefined && { maxAge: t.maxAge }),
    createdAt: t.createdAt!,
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
