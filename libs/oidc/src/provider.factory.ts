import {
  Provider,
  errors,
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { ACR, ACR_VALUES as SIGN_IN_ACRS, type AccountRepository, type PiiService } from '#identity-core';
import { hybridAdapter, type AdapterStores } from './adapter/hybrid.adapter.js';
import { narrowClaimsRequest, releasableClaims } from './claims/release-policy.js';
import { SCOPE_CLAIMS, SUPPORTED_SCOPES, scopeReleases } from './claims/scopes.js';
import type { OidcOptions } from './oidc.options.js';
import {
  RecentAccounts,
  accountFinder,
  corsAllowed,
  expiresWithSession,
  loadExistingGrant,
  mayRevoke,
  needsStepUp,
  ownTokenOnly,
  pkceRequired,
} from './provider-policies.js';

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

export function createProvider({ options, stores, accounts, pii, jwks }: ProviderDeps): Provider {
  const recentAccounts = new RecentAccounts((sub) => accounts.findWithAffiliations(sub));
  const cookieBase = { httpOnly: true, ...options.cookies, signed: true };
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
        allowedPolicy: async (_ctx, client, token) => ownTokenOnly(client, token),
      },
      // RFC 7009 §2.1: another client's token is refused, not silently ignored.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => mayRevoke(client, token) },
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
    pkce: { required: (_ctx, client) => pkceRequired(client) },
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
    expiresWithSession: async (_ctx, source) => expiresWithSession(source.scopes),
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
      policy: stepUpPolicy(),
    },
    findAccount: accountFinder({ accounts: recentAccounts, pii, issuer: options.issuer }),
    loadExistingGrant,
    async renderError(ctx, out) {
      ctx.set('Content-Security-Policy', options.pageCsp);
      ctx.type = 'html';
      ctx.body = options.pages.error({
        error: String(out.error),
        description: out.error_description ? String(out.error_description) : undefined,
        acceptLanguage: headerOf(ctx, 'accept-language'),
        uiLocales: typeof ctx.query?.ui_locales === 'string' ? ctx.query.ui_locales : undefined,
        requestId: String(ctx.res.getHeader('x-request-id') ?? '') || undefined,
      });
    },
    clientBasedCORS: (_ctx, origin, client) => corsAllowed(origin, client.redirectUris),
    ...(options.allowPrivateNetworkFetch
      ? {
          fetch: (url: string | URL | Request, init?: RequestInit) => {
            delete (init as { dispatcher?: unknown } | undefined)?.dispatcher;
            return globalThis.fetch(url, init);
          },
        }
      : {}),
    discovery: {
      ui_locales_supported: ['zh-TW', 'en'],
      claims_locales_supported: ['zh-TW'],
      // Not in OIDC Discovery: what each scope releases, for RPs moving from the existing service.
      edu_sso_scopes: scopeReleases(options.issuer),
    },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.trustProxy;
  addAtHashAtTokenEndpoint(provider);
  return provider;
}

/** The engine's default prompts, plus: a session below the MFA an RP asks for signs in again. */
function stepUpPolicy() {
  const { base, Check } = interactionPolicy;
  const policy = base();
  policy
    .get('login')!
    .checks.add(
      new Check('acr_values_mfa', 'multi-factor authentication was requested', 'login_required', (ctx) =>
        needsStepUp(
          ctx.oidc.params?.acr_values,
          ctx.oidc.session ?? {},
          Boolean(ctx.oidc.result?.login),
          ACR.multiFactor,
        )
          ? Check.REQUEST_PROMPT
          : Check.NO_NEED_TO_PROMPT,
      ),
    );
  return policy;
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
