import type { CookiePolicy } from './http/cookies.js';

export const WEB_OPTIONS = Symbol('WEB_OPTIONS');

export interface WebOptions {
  /** COOKIE_KEYS, newest first: CSRF tokens are keyed from them (HKDF, a key of their own). */
  cookieKeys: string[];
  /** From `cookiePolicy`: the app passes the same policy to every other cookie setter (the OIDC engine). */
  cookies: CookiePolicy;
}

export type ResolvedWebOptions = Readonly<WebOptions>;

export function resolveWebOptions(options: WebOptions): ResolvedWebOptions {
  if (!options.cookieKeys.length) throw new Error('web: at least one cookie key is needed');
  return Object.freeze({
    cookieKeys: [...options.cookieKeys],
    cookies: Object.freeze({ ...options.cookies }),
  });
}
