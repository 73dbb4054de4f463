import type { AccountEntity, PiiService } from '#identity-core';
import { accountClaims } from './claims/account-claims.js';
import { claimsToRelease, releasableScopes } from './claims/release-policy.js';

export type ResourceRefusal = 'invalid_token' | 'insufficient_scope' | 'not_found';

/** A resource API's answer: the claims of its scope, or why not (mapped to 401/403/404 by the app). */
export type ResourceRelease = { released: Record<string, unknown> } | { refused: ResourceRefusal };

/** Who a Bearer token speaks for, once the release policy let it read a scope; or why not. */
export type ResourceAccess =
  | { account: AccountEntity; scopes: ReadonlySet<string>; clientScope: string | undefined }
  | { refused: ResourceRefusal };

/** What `releaseToBearer` reads, from the engine and the accounts. */
export interface ReleaseSources {
  findAccessToken(
    token: string,
  ): Promise<
    | { isExpired: boolean; accountId?: string; grantId?: string; clientId?: string; scopes: Set<string> }
    | undefined
  >;
  findGrant(grantId: string): Promise<object | undefined>;
  findClient(clientId: string): Promise<{ scope?: string } | undefined>;
  findAccount(sub: string): Promise<AccountEntity | null>;
  pii: PiiService;
  issuer: string;
}

/** RFC 6750 §2.1: `Bearer` and a b64token. */
const BEARER = /^Bearer ([\w.~+/-]+=*)$/i;

/**
 * Whether a Bearer token may read `scope` and for which account: the token is live, its grant
 * not revoked, the scope granted and still registered by the client (release policy), the
 * account active. Every resource API passes here, whoever builds its answer.
 */
export async function authorizeBearer(
  src: ReleaseSources,
  authorization: string | undefined,
  scope: string,
): Promise<ResourceAccess> {
  const m = BEARER.exec(authorization ?? '');
  const token = m ? await src.findAccessToken(m[1]!) : undefined;
  if (!token || token.isExpired || !token.accountId) return { refused: 'invalid_token' };
  // A revoked grant ends its tokens, even one saved after the revocation (a parallel replay of a
  // code revokes the grant while the first exchange may still be saving its tokens).
  const [grant, client] = await Promise.all([
    token.grantId ? src.findGrant(token.grantId) : undefined,
    src.findClient(String(token.clientId)),
  ]);
  if (!grant || !client) return { refused: 'invalid_token' };
  const scopes = releasableScopes(token.scopes, client.scope);
  if (!scopes.has(scope)) return { refused: 'insufficient_scope' };
  const account = await src.findAccount(token.accountId);
  if (!account || account.status !== 'active') return { refused: 'invalid_token' };
  return { account, scopes, clientScope: client.scope };
}

/**
 * What a resource API (eduinfo, personid, guid) may return for a Bearer token: the claims of
 * `scope`, if the token was granted it and the client may still receive it (release policy).
 */
export async function releaseToBearer(
  src: ReleaseSources,
  authorization: string | undefined,
  scope: string,
): Promise<ResourceRelease> {
  const access = await authorizeBearer(src, authorization, scope);
  if ('refused' in access) return access;
  const wanted = claimsToRelease(access.clientScope, scope, undefined).filter((c) => c !== 'sub');
  const released = accountClaims(access.account, src.pii, src.issuer, wanted);
  if (wanted.every((c) => released[c] === undefined)) return { refused: 'not_found' };
  return { released };
}

/**
 * The legacy profile API: needs `required`, then answers with the claims of every scope among
 * `scopes` that the token holds and the client may still use, like UserInfo limited to them.
 */
export async function releaseScopesToBearer(
  src: ReleaseSources,
  authorization: string | undefined,
  required: string,
  scopes: readonly string[],
): Promise<ResourceRelease> {
  const access = await authorizeBearer(src, authorization, required);
  if ('refused' in access) return access;
  const granted = scopes.filter((s) => access.scopes.has(s)).join(' ');
  const wanted = claimsToRelease(access.clientScope, granted, undefined);
  const released = accountClaims(access.account, src.pii, src.issuer, wanted);
  for (const [k, v] of Object.entries(released)) if (v === undefined) delete released[k];
  return { released };
}
