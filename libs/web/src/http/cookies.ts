import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WEB_OPTIONS, type ResolvedWebOptions } from '../web.options.js';

/** The attributes every cookie of an app carries, decided once (see `cookiePolicy`). */
export interface CookiePolicy {
  readonly secure: boolean;
  readonly sameSite: 'lax';
}

/**
 * The one decision on cookie attributes, for our cookies and the OIDC engine's alike:
 * - `Secure` when browsers reach the app over https: its public URL is https, or it runs in
 *   production (which refuses a non-https ISSUER, and puts every app behind https);
 * - `SameSite=Lax` always: a cross-site POST carries no cookie (the CSRF defence of the forms and
 *   of the interaction pages), while a top-level GET from an RP still carries the session.
 */
export function cookiePolicy(app: { publicUrl?: string; production: boolean }): CookiePolicy {
  return {
    secure: app.production || (app.publicUrl?.startsWith('https:') ?? false),
    sameSite: 'lax',
  };
}

// RFC 6265 token and cookie-octet: nothing that could end the attribute or the header.
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
const PATH = /^\/[\x21-\x3a\x3c-\x7e]*$/;

const SAME_SITE = { lax: 'Lax' } as const;

/** Sets and clears the app's cookies (always HttpOnly: no script of ours reads a cookie). */
@Injectable()
export class WebCookies {
  constructor(@Inject(WEB_OPTIONS) private readonly options: ResolvedWebOptions) {}

  set(res: Response, name: string, value: string, opts: { path?: string; maxAgeSeconds?: number } = {}) {
    if (!NAME.test(name) || !VALUE.test(value)) throw new Error(`cookie ${name}: not a cookie-safe value`);
    const path = opts.path ?? '/';
    if (!PATH.test(path)) throw new Error(`cookie ${name}: bad path ${JSON.stringify(path)}`);
    const maxAge = opts.maxAgeSeconds === undefined ? '' : `; Max-Age=${Math.floor(opts.maxAgeSeconds)}`;
    const { secure, sameSite } = this.options.cookies;
    res.append(
      'Set-Cookie',
      `${name}=${value}; Path=${path}${maxAge}; HttpOnly; SameSite=${SAME_SITE[sameSite]}${secure ? '; Secure' : ''}`,
    );
  }

  /**
   * The name for a cookie scoped to exactly this host and path `/` (a session cookie): `__Host-`
   * prefixed when the policy says Secure, so no sibling subdomain or plain-http page can plant or
   * shadow it (RFC 6265bis §4.1.3.2); browsers refuse the prefix without Secure, hence plain on http.
   */
  hostName(name: string): string {
    return this.options.cookies.secure ? `__Host-${name}` : name;
  }

  /** Ends the cookie `name` set for `path`. */
  clear(res: Response, name: string, opts: { path?: string } = {}) {
    this.set(res, name, '', { path: opts.path, maxAgeSeconds: 0 });
  }
}

/** One cookie from the Cookie header (no cookie-parser in our apps); bounded against huge headers. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.slice(0, 8192).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
