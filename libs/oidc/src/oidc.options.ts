export const OIDC_OPTIONS = Symbol('OIDC_OPTIONS');
export const OIDC_STORAGE = Symbol('OIDC_STORAGE');

/** Where the engine keeps its artifacts: what a process needs to end sessions without the engine. */
export interface OidcStorageOptions {
  /** Redis key prefix for provider artifacts (see `oidcRedisPrefix`). */
  redisPrefix: string;
}

/** The engine's Redis key prefix under a deployment's REDIS_PREFIX, the same in every process. */
export function oidcRedisPrefix(redisPrefix: string): string {
  return `${redisPrefix}:oidc:`;
}

/** Pages the provider renders itself; the app supplies them so the lib stays free of UI. */
export interface OidcPageRenderers {
  error(input: {
    error: string;
    description?: string;
    acceptLanguage?: string;
    uiLocales?: string;
    /** The response's X-Request-Id. */
    requestId?: string;
  }): string;
  logoutConfirm(input: {
    formHtml: string;
    formId: string;
    acceptLanguage?: string;
    clientName?: string;
  }): string;
  logoutDone(input: { acceptLanguage?: string; clientName?: string }): string;
}

export interface OidcOptions {
  issuer: string;
  cookieKeys: string[];
  /** The app's one cookie policy (Secure, SameSite), applied to the engine's cookies too. */
  cookies: { secure: boolean; sameSite: 'lax' };
  trustProxy: boolean;
  /** Redis key prefix for provider artifacts (tests use their own). */
  redisPrefix: string;
  /** Content-Security-Policy for provider-rendered pages. */
  pageCsp: string;
  pages: OidcPageRenderers;
  /**
   * oidc-provider refuses outbound calls (back-channel logout, jwks_uri) to loopback and private
   * addresses (SSRF protection). Development and tests on one machine turn that off.
   */
  allowPrivateNetworkFetch: boolean;
  /** How often a process checks for rotated signing keys. */
  keyRefreshSeconds: number;
}
