import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WEB_OPTIONS, type ResolvedWebOptions } from '../web.options.js';
import { readCookie, WebCookies } from './cookies.js';

const COOKIE = 'edu_csrf';
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;
const MAX_FIELD = 128;

/**
 * CSRF protection for an app's own forms (OWASP "signed double-submit cookie"): the browser holds
 * a random value in an HttpOnly, SameSite=Lax cookie; each form carries HMAC(key, value) in a hidden
 * `csrf` field. A cross-site page can make the browser send the cookie but can neither read it nor
 * compute the field, and a cookie planted by a sibling domain does not match without the key.
 * No server-side state, so it works before any session exists (forgot password, activation).
 *
 * Usage: `const csrf = this.csrf.token(req, res)` when rendering a form (sets the cookie if
 * missing); `this.csrf.valid(req, body.csrf)` first thing in the POST handler.
 */
@Injectable()
export class CsrfService {
  private readonly keys: Buffer[];
  /** Cookies set while rendering: forms rendered later in the same response (rare) must see them. */
  private readonly issued = new WeakMap<Request, string>();

  constructor(
    @Inject(WEB_OPTIONS) options: ResolvedWebOptions,
    private readonly cookies: WebCookies,
  ) {
    // A key of its own per cookie key, so the field never equals anything else signed with it.
    this.keys = options.cookieKeys.map((k) =>
      Buffer.from(hkdfSync('sha256', k, 'edu-sso', 'csrf-form-token', 32)),
    );
  }

  /** The hidden field value for this browser's forms. */
  token(req: Request, res: Response): string {
    let value = this.issued.get(req) ?? readCookie(req, COOKIE);
    if (!value || !COOKIE_VALUE.test(value)) {
      value = randomBytes(32).toString('base64url');
      this.cookies.set(res, COOKIE, value);
      this.issued.set(req, value);
    }
    return this.sign(this.keys[0]!, value);
  }

  /** True when the submitted field matches this browser's cookie under any current key. */
  valid(req: Request, submitted: unknown): boolean {
    const value = readCookie(req, COOKIE);
    if (!value || !COOKIE_VALUE.test(value)) return false;
    if (typeof submitted !== 'string' || submitted.length === 0 || submitted.length > MAX_FIELD) return false;
    const given = Buffer.from(submitted);
    return this.keys.some((key) => {
      const expected = Buffer.from(this.sign(key, value));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }

  private sign(key: Buffer, value: string): string {
    return createHmac('sha256', key).update(value).digest('base64url');
  }
}
