import { Provider, errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import {
  ACR_VALUES as SIGN_IN_ACRS,
  type AccountEntity,
  type AccountRepository,
  type PiiService,
} from '#identity-core';
import { hybridAdapter, type AdapterStores } from './adapter/hybrid.adapter.js';
import { accountClaims } from './claims/account-claims.js';
import { claimsToRelease, narrowClaimsRequest, releasableClaims } from './claims/release-policy.js';
import { SCOPE_CLAIMS, SUPPORTED_SCOPES } from './claims/scopes.js';
import type { OidcOptions } from './oidc.options.js';

/** The education cloud's paths, so RPs written for the existing service only change the host. */
export const ROUTES = {
  authorization: '/oidc/v1/azp',
  token: '/oidc/v1/token',
  userinfo: '/oidc/v1/userinfo',
  jwks: '/oidc/v1/jwksets',
  end_session: '/oidc/v1/logout-to-go',
  introspection: '/oidc/v1/introspect',
  revocation: '/oidc/v1/revoke',
  pushed_authorization_request: '/oidc/v1/par',
} as const;

/** The acr values the SignInPolicy can reach, as discovery publishes them. */
export const ACR_VALUES: string[] = [...SIGN_IN_ACRS];

export interface ProviderDeps {
  options: OidcOptions;
  stores: AdapterStores;
  accounts: AccountRepository;
  pii: PiiService;
  jwks: { keys: object[] };
}

function headerOf(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const v = ctx.get(name);
  return v || undefined;
}

/**
 * One sign-in asks for the same account several times within a second (authorization, code
 * exchange, UserInfo). Each process reuses a lookup for 2 s: a disabled account stops getting
 * tokens within that time (and disabling also ends its grants).
 */
class RecentAccounts {
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

export function createProvider({ options, stores, accounts, pii, jwks }: ProviderDeps): Provider {
  const recentAccounts = new RecentAccounts((sub) => accounts.findWithAffiliations(sub));
  const cookieBase = { httpOnly: true, sameSite: 'lax' as const, secure: options.production, signed: true };
  const configuration: Configuration = {
    adapter: hybridAdapter(stores),
    jwks: jwks as Configuration['jwks'],
    cookies: {
      keys: options.cookieKeys,
      long: cookieBase,
      short: cookieBase,
      names: { session: 'edusso_session', interaction: 'edusso_interaction', resume: 'edusso_resume' },
    },
    scopes: SUPPORTED_SCOPES,
    claims: { ...SCOPE_CLAIMS, acr: null, sid: null, auth_time: null, amr: null },
    acrValues: ACR_VALUES,
    responseTypes: ['code'],
    routes: ROUTES,
    // OIDC Core 3.1.2.1: redirect_uri is REQUIRED, even for a client with one registered URI.
    allowOmittingSingleRegisteredRedirectUri: false,
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    extraClientMetadata: { properties: ['first_party'] },
    features: {
      devInteractions: { enabled: false },
      // A client learns about its own tokens only (the engine's default lets any confidential client
      // introspect every token).
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      // RFC 7009 §2.1: a request to revoke another client's token is refused, not silently ignored
      // with 200 (the engine's answer when the policy returns false); the token stays valid.
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => {
          if (token.clientId !== client.clientId)
            throw new errors.UnauthorizedClient('the token was not issued to this client');
          return true;
        },
      },
      clientCredentials: { enabled: true },
      claimsParameter: {
        enabled: true,
        // Requests for claims outside the client's registration are dropped before anything sees them.
        async assertClaimsParameter(ctx, claims, client) {
          ctx.oidc.params!.claims = JSON.stringify(
            narrowClaimsRequest(claims, releasableClaims(client.scope)),
          );
        },
      },
      backchannelLogout: { enabled: true },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.set('Content-Security-Policy', options.pageCsp);
          ctx.type = 'html';
          ctx.body = options.pages.logoutConfirm({
            formHtml: form,
            formId: 'op.logoutForm',
            acceptLanguage: headerOf(ctx, 'accept-language'),
            clientName: ctx.oidc.client?.clientName,
          });
        },
        async postLogoutSuccessSource(ctx) {
          ctx.set('Content-Security-Policy', options.pageCsp);
          ctx.type = 'html';
          ctx.body = options.pages.logoutDone({
            acceptLanguage: headerOf(ctx, 'accept-language'),
            clientName: ctx.oidc.client?.clientName,
          });
        },
      },
    },
    pkce: {
      // Public clients must use PKCE (S256 is the only method oidc-provider 9 accepts).
      required: (_ctx, client) => client.clientAuthMethod === 'none',
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      ClientCredentials: 3600,
      IdToken: 3600,
      Interaction: 3600,
      Grant: 30 * 24 * 3600,
      RefreshToken: 30 * 24 * 3600,
      Session: 14 * 24 * 3600,
    },
    // Existing RPs expect a refresh_token from every code exchange, as the legacy service gives.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // Tokens end with the browser session (logout, expiry, ending every session of an account) unless
    // the user granted offline_access; only those grants outlive it (and a Redis restart).
    expiresWithSession: async (_ctx, source) => !source.scopes.has('offline_access'),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const account = await recentAccounts.get(sub);
      if (!account || account.status !== 'active') return undefined;
      return {
        accountId: sub,
        // The release policy bounds every ID token and UserInfo response, whatever the grant says.
        claims: async (_use, scope, requested) =>
          accountClaims(
            account,
            pii,
            options.issuer,
            claimsToRelease(ctx.oidc.client?.scope, scope, requested),
          ) as { sub: string },
      };
    },
    // First-party RPs skip consent: their grant covers whatever they request (the `claims` parameter
    // is already narrowed to what the client may receive).
    async loadExistingGrant(ctx) {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      const existing = grantId ? await provider.Grant.find(grantId) : undefined;
      if (!(client.metadata() as { first_party?: boolean }).first_party) return existing;
      const grant =
        existing ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      const before = JSON.stringify(grant.openid);
      grant.addOIDCScope(String(ctx.oidc.params?.scope ?? 'openid'));
      const claims = ctx.oidc.claims as { id_token?: object; userinfo?: object };
      if (claims.id_token) grant.addOIDCClaims(Object.keys(claims.id_token));
      if (claims.userinfo) grant.addOIDCClaims(Object.keys(claims.userinfo));
      // Write only when the grant is new or grew: this runs on every authorization.
      if (!existing || JSON.stringify(grant.openid) !== before) await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.set('Content-Security-Policy', options.pageCsp);
      ctx.type = 'html';
      ctx.body = options.pages.error({
        error: String(out.error),
        description: out.error_description ? String(out.error_description) : undefined,
        acceptLanguage: headerOf(ctx, 'accept-language'),
        uiLocales: typeof ctx.query?.ui_locales === 'string' ? ctx.query.ui_locales : undefined,
      });
    },
    clientBasedCORS(_ctx, origin, client) {
      // Browser-based (public) RPs may call token/userinfo from their own origins only.
      return client.redirectUris?.some((u) => new URL(u).origin === origin) ?? false;
    },
    ...(options.allowPrivateNetworkFetch
      ? {
          fetch: (url: string | URL | Request, init?: RequestInit) => {
            delete (init as { dispatcher?: unknown } | undefined)?.dispatcher;
            return globalThis.fetch(url, init);
          },
        }
      : {}),
    discovery: { ui_locales_supported: ['zh-TW', 'en'], claims_locales_supported: ['zh-TW'] },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.trustProxy;
  addAtHashAtTokenEndpoint(provider);
  return provider;
}

/**
 * oidc-provider puts `at_hash` only into ID tokens from the authorization endpoint. RPs of the
 * existing service (and conformance suites, when present) check it on token-endpoint ID tokens
 * too, so bind them to the access token issued in the same response.
 */
function addAtHashAtTokenEndpoint(provider: Provider) {
  type IdTokenLike = {
    ctx?: KoaContextWithOIDC;
    extra: Record<string, unknown>;
    set(k: string, v: unknown): void;
  };
  const proto = (
    provider as unknown as { IdToken: { prototype: { issue: (o?: { use?: string }) => Promise<string> } } }
  ).IdToken.prototype;
  const issue = proto.issue;
  proto.issue = function (this: IdTokenLike, opts?: { use?: string }) {
    const at = this.ctx?.oidc?.entities?.AccessToken as { jti?: string } | undefined;
    if (opts?.use === 'idtoken' && this.ctx?.oidc?.route === 'token' && at?.jti && !this.extra.at_hash)
      this.set('at_hash', at.jti);
    return issue.call(this, opts);
  };
}

export { errors };
