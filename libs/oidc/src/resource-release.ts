import type { AccountEntity, PiiService } from '#identity-core';
import { accountClaims } from './claims/account-claims.js';
import { claimsToRelease, releasableScopes } from './claims/release-policy.js';

/** A resource API's answer: the claims of its scope, or why not (mapped to 401/403/404 by the app). */
export type ResourceRelease =
  { released: Record<string, unknown> } | { refused: 'invalid_token' | 'insufficient_scope' | 'not_found' };

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
 * What a resource API (eduinfo, personid, guid) may return for a Bearer token: the claims of
 * `scope`, if the token was granted it and the client may still receive it (release policy).
 */
export async function releaseToBearer(
  src: ReleaseSources,
  authorization: string | undefined,
  scope: string,
): Promise<ResourceRelease> {
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
  if (!releasableScopes(token.scopes, client.scope).has(scope)) return { refused: 'insufficient_scope' };
  const account = await src.findAccount(token.accountId);
  if (!account || account.status !== 'active') return { refused: 'invalid_token' };
  const wanted = claimsToRelease(client.scope, scope, undefined).filter((c) => c !== 'sub');
  const released = accountClaims(account, src.pii, src.issuer, wanted);
  if (wanted.every((c) => released[c] === undefined)) return { refused: 'not_found' };
  return { released };
}
