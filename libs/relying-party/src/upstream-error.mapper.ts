import {
  AuthorizationResponseError,
  ClientError,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
} from 'openid-client';
import { RelyingPartyError, type RelyingPartyErrorCode } from './relying-party.errors.js';

const CLAIM_CODES: Record<string, RelyingPartyErrorCode> = {
  iss: 'issuer_mismatch',
  aud: 'audience_mismatch',
  azp: 'audience_mismatch',
  nonce: 'nonce_mismatch',
};

/** An upstream's `error` code, if it looks like one (RFC 6749 §5.2 characters, short). */
function errorCode(value: unknown): string {
  return typeof value === 'string' && /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(value) ? value : 'unknown';
}

/** Network failures (refused, reset, DNS) surface from fetch as a TypeError with a cause. */
function isNetworkFailure(err: unknown): boolean {
  return err instanceof TypeError && (err.message === 'fetch failed' || err.cause !== undefined);
}

/** openid-client wraps oauth4webapi's error, which carries the details (`claim`, `signature` …). */
function inner(err: ClientError): Record<string, unknown> {
  const wrapped = err.cause as { cause?: unknown } | undefined;
  const details = wrapped && typeof wrapped === 'object' ? wrapped.cause : undefined;
  return details && typeof details === 'object' ? (details as Record<string, unknown>) : {};
}

/**
 * Translates whatever openid-client throws into one typed error. The upstream's own messages are
 * not passed on (they may echo tokens); its OAuth `error` code is.
 */
export function toRelyingPartyError(err: unknown, provider: string): RelyingPartyError {
  if (err instanceof RelyingPartyError) return err;
  const fail = (code: RelyingPartyErrorCode, message: string, more: Record<string, unknown> = {}) =>
    new RelyingPartyError(code, `${provider}: ${message}`, { provider, ...more });

  if (err instanceof AuthorizationResponseError || err instanceof ResponseBodyError) {
    const status = err instanceof ResponseBodyError ? err.status : undefined;
    if (status !== undefined && status >= 500)
      return fail('upstream_unavailable', `the provider failed (HTTP ${status})`, {
        reason: `http_${status}`,
      });
    const error = errorCode(err.error);
    return fail('upstream_error', `the provider answered ${error}`, { error });
  }
  if (err instanceof WWWAuthenticateChallengeError) {
    const error = errorCode(err.cause[0]?.parameters.error ?? 'invalid_token');
    return fail('upstream_error', `the provider refused the access token (${error})`, { error });
  }
  if (isNetworkFailure(err))
    return fail('upstream_unavailable', 'the provider is unreachable', { reason: 'unreachable' });
  if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return fail('upstream_unavailable', 'the provider did not answer in time', { reason: 'timeout' });
  if (!(err instanceof ClientError)) throw err; // a programming error: let it surface as one

  const details = inner(err);
  const claim = typeof details.claim === 'string' ? details.claim : undefined;
  switch (err.code) {
    case 'OAUTH_TIMEOUT':
    case 'OAUTH_ABORT':
      return fail('upstream_unavailable', 'the provider did not answer in time', { reason: 'timeout' });
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      return fail(
        CLAIM_CODES[claim ?? ''] ?? 'upstream_invalid_response',
        `the ID token's ${claim} is wrong`,
        {
          reason: claim,
        },
      );
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return claim === 'nbf'
        ? fail('token_not_yet_valid', 'the ID token is not valid yet', { reason: claim })
        : fail('token_expired', `the ID token is too old (${claim})`, { reason: claim });
    case 'OAUTH_KEY_SELECTION_FAILED':
      return fail('signature_invalid', 'no key of the provider matches the ID token', { reason: 'no_key' });
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM': {
      const status = (err.cause as { status?: number } | undefined)?.status ?? 0;
      return status >= 500
        ? fail('upstream_unavailable', `the provider failed (HTTP ${status})`, { reason: `http_${status}` })
        : fail('upstream_invalid_response', `unexpected HTTP status ${status}`, { reason: `http_${status}` });
    }
    case 'OAUTH_INVALID_RESPONSE':
      if ('signature' in details)
        return fail('signature_invalid', "the ID token's signature does not verify", { reason: 'signature' });
      return fail('upstream_invalid_response', 'the provider sent an invalid response', { reason: err.code });
    default:
      return fail('upstream_invalid_response', 'the provider sent an unusable response', {
        reason: err.code,
      });
  }
}
