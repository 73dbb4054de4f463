import { DomainError } from '#identity-core';

/**
 * Why an external sign-in failed. Stable codes: the app maps them to a page message (most become
 * "the county's sign-in did not work, try again"); logs and audit keep the code and details.
 */
export type RelyingPartyErrorCode =
  /** The provider configuration is not usable (a programming or operator error, never the user's). */
  | 'provider_config_invalid'
  /** `beginLogin` was asked to override a parameter the lib owns (state, nonce, PKCE, redirect_uri …). */
  | 'invalid_login_request'
  /** The stored transaction is malformed or belongs to another provider. */
  | 'transaction_invalid'
  /** The user came back after the transaction's lifetime (default 10 minutes). */
  | 'transaction_expired'
  /** The callback's `state` is not the one this transaction sent (CSRF, or another tab's login). */
  | 'state_mismatch'
  /** The ID token, or the callback's `iss` (RFC 9207, mix-up defence), names another issuer. */
  | 'issuer_mismatch'
  /** The ID token was not issued to this client (`aud`, `azp`). */
  | 'audience_mismatch'
  /** The ID token's `nonce` is not this transaction's (replayed or injected token). */
  | 'nonce_mismatch'
  /** The ID token's `exp` has passed, or it was issued too long ago (`iat`). */
  | 'token_expired'
  /** The ID token's `iat` or `nbf` lies in the future beyond the tolerated clock skew. */
  | 'token_not_yet_valid'
  /** The ID token's signature does not verify with the provider's JWKS (or no key matches). */
  | 'signature_invalid'
  /** The provider answered with an OAuth error (`details.error`: access_denied, invalid_grant …). */
  | 'upstream_error'
  /** The provider could not be reached in time (`details.reason`: unreachable, timeout, http_5xx). */
  | 'upstream_unavailable'
  /** The provider answered something that is not valid OAuth / OpenID Connect. */
  | 'upstream_invalid_response'
  /** A back-channel logout token that does not verify (signature, issuer, audience, event, age). */
  | 'logout_token_invalid';

export interface RelyingPartyErrorDetails {
  /** Our id of the provider, so logs and audit say which county failed. */
  provider?: string;
  /** The upstream's OAuth `error` code, for `upstream_error`. */
  error?: string;
  /** A short machine-readable reason (`timeout`, `unreachable`, `http_503`, the failing claim …). */
  reason?: string;
  [key: string]: unknown;
}

export class RelyingPartyError extends DomainError {
  declare readonly details: RelyingPartyErrorDetails;
  constructor(
    override readonly code: RelyingPartyErrorCode,
    message: string,
    details: RelyingPartyErrorDetails = {},
  ) {
    super(code, message, details);
  }
}
