import type { IncomingHttpHeaders } from 'node:http';
import { errors, type Account, type KoaContextWithOIDC } from 'oidc-provider';
import type { AccountEntity, PiiService } from '#identity-core';
import { accountClaims } from './claims/account-claims.js';
import { claimsToRelease } from './claims/release-policy.js';

/**
 * The security rules of the engine's configuration, apart from its wiring (provider.factory.ts),
 * so that each can be tested, and mutated, on its own.
 */

interface ClientLike {
  clientId: string;
}

/** Introspection: a client learns about its own tokens only (the engine's default: any token). */
export function ownTokenOnly(client: ClientLike, token: { clientId?: string }): boolean {
  return token.clientId === client.clientId;
}

/**
 * Revocation, RFC 7009 §2.1: a request to revoke another client's token is refused, not silently
 * ignored with 200 (the engine's answer when the policy returns false); the token stays valid.
 */
export function mayRevoke(client: ClientLike, token: { clientId?: string }): true {
  if (token.clientId !== client.clientId)
    throw new errors.UnauthorizedClient('the token was not issued to this client');
  return true;
}

/** Public clients must use PKCE (S256 is the only method oidc-provider 9 accepts). */
export function pkceRequired(client: { clientAuthMethod?: string }): boolean {
  return client.clientAuthMethod === 'none';
}

/**
 * Tokens end with the browser session (logout, expiry, ending every session of an account) unless
 * the user granted offline_access; only those grants outlive it (and a Redis restart).
 */
export function expiresWithSession(scopes: { has(scope: string): boolean }): boolean {
  return !scopes.has('offline_access');
}

/** Browser-based (public) RPs may call token/userinfo from their own origins only. */
export function corsAllowed(origin: string, redirectUris: readonly string[] | undefined): boolean {
  return redirectUris?.some((u) => new URL(u).origin === origin) ?? false;
}

/**
 * One sign-in asks for the same account several times within a second (authorization, code
 * exchange, UserInfo). Each process reuses a lookup for 2 s: a disabled account stops getting
 * tokens within that time (and disabling also ends its grants).
 */
export class RecentAccounts {
  private readonly entries = new Map<string, { value: Promise<AccountEntity | null>; expires: number }>();
  constructor(private readonly load: (sub: string) => Promise<AccountEntity | null>) {}

  get(sub: string): Promise<AccountEntity | null> {
    const now = Date.now();
    const hit = this.entries.get(sub);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= 10_000) this.entries.clear();
    const value = this.load(sub);
    this.entries.set(sub, { value, expires: now + 2_000 });
    value.catch(() => this.entries.delete(sub));
    return value;
  }
}

/**
 * The engine's `findAccount`: only an active account, and its claims always through the release
 * policy, which bounds every ID token and UserInfo response whatever the grant says.
 */
export function accountFinder(deps: { accounts: RecentAccounts; pii: PiiService; issuer: string }) {
  return async (ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> => {
    const account = await deps.accounts.get(sub);
    if (!account || account.status !== 'active') return undefined;
    return {
      accountId: sub,
      claims: async (_use, scope, requested) =>
        accountClaims(
          account,
          deps.pii,
          deps.issuer,
          claimsToRelease(ctx.oidc.client?.scope, scope, requested),
        ) as { sub: string },
    };
  };
}

/**
 * The engine's `loadExistingGrant`. First-party RPs skip consent: their grant covers whatever they
 * request (the `claims` parameter is already narrowed to what the client may receive). Everyone
 * else gets the grant the user consented to, if any.
 */
export async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (!(client.metadata() as { first_party?: boolean }).first_party) return existing;
  const grant = existing ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  const before = JSON.stringify(grant.openid);
  grant.addOIDCScope(String(ctx.oidc.params?.scope ?? 'openid'));
  const claims = ctx.oidc.claims as { id_token?: object; userinfo?: object };
  if (claims.id_token) grant.addOIDCClaims(Object.keys(claims.id_token));
  if (claims.userinfo) grant.addOIDCClaims(Object.keys(claims.userinfo));
  // Write only when the grant is new or grew: this runs on every authorization.
  if (!existing || JSON.stringify(grant.openid) !== before) await grant.save();
  return grant;
}

/**
 * The engine builds every URL it publishes (discovery, form actions, redirects) from the request's
 * Host (and X-Forwarded-Host/-Proto behind a trusted proxy); pin those to the configured issuer,
 * so a forged header cannot make it advertise another origin.
 */
export function pinToIssuer(headers: IncomingHttpHeaders, issuer: URL, trustProxy: boolean): void {
  headers.host = issuer.host;
  delete headers['x-forwarded-host'];
  if (trustProxy) headers['x-forwarded-proto'] = issuer.protocol.slice(0, -1);
}

/**
 * ACR values the RP requested as essential that the current session does not have: the engine's
 * login prompt names them by these reasons; the login must achieve one (OIDC Core 5.5.1.1).
 */
export function essentialAcrValues(prompt: {
  name: string;
  reasons: string[];
  details: Record<string, unknown>;
}): string[] | undefined {
  if (prompt.name !== 'login') return undefined;
  if (!prompt.reasons.includes('essential_acrs') && !prompt.reasons.includes('essential_acr'))
    return undefined;
  const acr = prompt.details.acr as { values?: unknown; value?: unknown } | undefined;
  const values = Array.isArray(acr?.values) ? acr.values : [acr?.value];
  return values.filter((v): v is string => typeof v === 'string');
}

/**
 * A request for `urn:edu-sso:acr:mfa` in `acr_values` while the browser's SSO session reached a
 * lower level: sign in again (every factor) rather than answer from that session, so an RP that
 * asked for MFA never receives a lower `acr` silently (prompt=none then gets login_required). Not
 * again on the resume of the login it caused: that login reports what it reached.
 */
export function needsStepUp(
  acrValues: unknown,
  session: { accountId?: string; acr?: string },
  justLoggedIn: boolean,
  multiFactor: string,
): boolean {
  if (justLoggedIn || !session.accountId || typeof acrValues !== 'string') return false;
  return acrValues.split(' ').includes(multiFactor) && session.acr !== multiFactor;
}
