import type { MessageKey } from '../i18n/index.js';

type Rule = [RegExp, MessageKey, ((m: RegExpExecArray) => Record<string, string>)?];

/** A list of parameter names as the engine writes it ("a, b and c"), back to "a, b, c". */
const names = (list: string) =>
  list
    .split(/,\s*|\s+and\s+/)
    .filter(Boolean)
    .join(', ');

/**
 * oidc-provider's error descriptions (lib/helpers/errors.js and the `new InvalidRequest('…')` of
 * its actions) → what the error page says, in either language. First match wins; a description
 * no rule knows is not shown at all (the title by error code, the request id and time remain).
 */
const RULES: Rule[] = [
  [/^redirect_uri did not match/, 'engineError.redirectUri'],
  [/^client is not allowed/, 'engineError.clientNotAllowed'],
  [
    /^(client is invalid|client authentication failed|client_id mismatch|client_id metadata document)/,
    'engineError.clientInvalid',
  ],
  [/^missing required parameters? (.+)$/, 'engineError.missingParams', (m) => ({ params: names(m[1]!) })],
  [
    /^(.+) parameters? must not be provided twice$/,
    'engineError.duplicateParams',
    (m) => ({ params: names(m[1]!) }),
  ],
  [/^scope contains invalid characters/, 'engineError.scope'],
  [/^(\w+) contains invalid characters$/, 'engineError.invalidChars', (m) => ({ param: m[1]! })],
  [
    /^(\w+) must be a string with a (maximum|minimum) length/,
    'engineError.paramLength',
    (m) => ({ param: m[1]! }),
  ],
  [/response_type/, 'engineError.responseType'],
  [/response_mode|Response Mode/, 'engineError.responseMode'],
  [/grant[_ ]type|is not allowed for this client$/, 'engineError.grantType'],
  [/^openid scope must be requested/, 'engineError.openidScope'],
  [/scope/, 'engineError.scope'],
  [/PKCE|code_challenge/, 'engineError.pkce'],
  [/^invalid max_age/, 'engineError.maxAge'],
  [/prompt/, 'engineError.prompt'],
  [/^(claims|could not parse the claims)/, 'engineError.claims'],
  [
    /Request Object|request object|request_uri|Pushed Authorization Request|^request client_id|request alg|request enc/i,
    'engineError.requestObject',
  ],
  [/^post_logout_redirect_uri/, 'engineError.postLogoutRedirect'],
  [/id_token_hint/, 'engineError.idTokenHint'],
  [/^xsrf token invalid/, 'engineError.xsrf'],
  [/session (id cookie )?not found|session principal changed/, 'engineError.session'],
  [/^invalid token provided|access tokens? must|authorization header/, 'engineError.token'],
  [/request body|content-type bodies/, 'engineError.body'],
  [/client_assertion|client authentication|client_secret/, 'engineError.clientAuth'],
  [/DPoP|dpop/, 'engineError.dpop'],
  [/^resource indicator/, 'engineError.target'],
  [/^origin .* not allowed/, 'engineError.origin'],
  [/^unrecognized route/, 'engineError.notFound'],
  [/^could not identify end-user|^authorization request is still pending/, 'engineError.session'],
  // Back-channel (CIBA) and device-flow parameters: this service offers neither.
  [
    /^(request is invalid|grant request is invalid)$|client_notification_token|requested_expiry|polling too quickly/,
    'engineError.requestInvalid',
  ],
];

export interface EngineErrorText {
  key: MessageKey;
  params: Record<string, string>;
}

export function engineErrorText(description: string | undefined): EngineErrorText | null {
  if (!description) return null;
  for (const [pattern, key, params] of RULES) {
    const m = pattern.exec(description);
    if (m) return { key, params: params?.(m) ?? {} };
  }
  return null;
}
