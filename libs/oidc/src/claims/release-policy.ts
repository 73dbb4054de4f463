import { SCOPE_CLAIMS, SUPPORTED_SCOPES } from './scopes.js';

/**
 * The one rule for what leaves the provider: a client receives only claims of the scopes it
 * registered, and `personid` only once an administrator approved it. The engine applies it where
 * requests come in (scopes, the `claims` parameter) and where claims go out (ID token, UserInfo,
 * after a refresh too), and the resource APIs through `OidcService.release`.
 */

/** About the sign-in, not the person: every client may receive these. */
const SIGN_IN_CLAIMS = ['sub', 'acr', 'amr', 'auth_time', 'sid'];

/**
 * The scopes a client may be granted: those it registered that edu-sso knows, `personid` only
 * with approval. Never empty: the engine would read an empty list as "any scope".
 */
export function permittedScopes(registered: unknown, personidApproved: boolean): string {
  const scopes = String(registered ?? '')
    .split(' ')
    .filter((s) => SUPPORTED_SCOPES.includes(s) && (s !== 'personid' || personidApproved));
  return [...new Set(scopes.length ? scopes : ['openid'])].join(' ');
}

const releasableCache = new Map<string, ReadonlySet<string>>();

/** Every claim a client whose permitted scopes are `clientScope` may ever receive. */
export function releasableClaims(clientScope: string | undefined): ReadonlySet<string> {
  const key = clientScope ?? '';
  let set = releasableCache.get(key);
  if (!set) {
    set = new Set([...SIGN_IN_CLAIMS, ...key.split(' ').flatMap((s) => SCOPE_CLAIMS[s] ?? [])]);
    // Clients share a handful of scope combinations; the bound only guards against odd metadata.
    if (releasableCache.size < 1_000) releasableCache.set(key, set);
  }
  return set;
}

/** The scopes of `granted` the client may still use (its registration may have shrunk since). */
export function releasableScopes(granted: Iterable<string>, clientScope: string | undefined): Set<string> {
  const permitted = new Set((clientScope ?? '').split(' '));
  return new Set([...granted].filter((s) => permitted.has(s)));
}

/**
 * The claims to look up for one ID token or UserInfo response: those of the granted scopes and
 * those requested by name, within what the client may receive. The engine narrows further by
 * what the grant holds.
 */
export function claimsToRelease(
  clientScope: string | undefined,
  grantedScope: string | undefined,
  requested: object | undefined,
): string[] {
  const allowed = releasableClaims(clientScope);
  const wanted = new Set([
    ...(grantedScope ?? '').split(' ').flatMap((s) => SCOPE_CLAIMS[s] ?? []),
    ...Object.keys(requested ?? {}),
  ]);
  return [...wanted].filter((c) => allowed.has(c));
}

type ClaimsRequest = { id_token?: Record<string, unknown>; userinfo?: Record<string, unknown> };

/**
 * The `claims` request parameter (OIDC Core 5.5) without what the client may not receive. Those
 * entries are dropped rather than refused, as for any claim the provider cannot supply, so the
 * consent page never lists them and no grant records them.
 */
export function narrowClaimsRequest(claims: ClaimsRequest, allowed: ReadonlySet<string>): ClaimsRequest {
  const narrowed: ClaimsRequest = {};
  for (const target of ['id_token', 'userinfo'] as const) {
    const requested = claims[target];
    if (requested)
      narrowed[target] = Object.fromEntries(Object.entries(requested).filter(([name]) => allowed.has(name)));
  }
  return narrowed;
}
