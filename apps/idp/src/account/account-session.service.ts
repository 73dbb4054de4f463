import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { Clock } from '#identity-core';
import { OidcService } from '#oidc';
import { REDIS } from '#platform';
import { RelyingPartyService, type OidcProviderConfig } from '#relying-party';
import { readCookie, WebCookies } from '#web';
import { config } from '../config/config.js';

/** My account's client at this idp: public (PKCE), first party, registered at start. */
export const MY_ACCOUNT_CLIENT_ID = 'edu-sso-my-account';
export const MY_ACCOUNT_PATH = '/account';
export const MY_ACCOUNT_CALLBACK = `${MY_ACCOUNT_PATH}/callback`;
/** Changing a channel, the password or a sign-in method needs a sign-in this recent (ASVS 7.5.1). */
export const FRESH_SECONDS = 5 * 60;

const SESSION_COOKIE = 'edusso_account';
const TX_COOKIE = 'edusso_account_tx';
const ID = /^[A-Za-z0-9_-]{43}$/;
const IDLE_SECONDS = 30 * 60;
const TX_SECONDS = 10 * 60;

/** What My account knows of its holder: from the ID token the idp issued to it. */
export interface AccountSession {
  sub: string;
  /** When the holder last proved who they are (the ID token's auth_time, seconds). */
  authTime: number;
  amr: string[];
  acr: string;
  /** A new email or mobile waiting for its code. */
  pendingContact?: { channel: 'email' | 'phone'; value: string };
}

/**
 * My account signs its holder in through this idp like any RP (libs/relying-party: code flow with
 * PKCE, state and nonce, ID token checked), then keeps a small session in Redis behind an HttpOnly
 * cookie. It lives only as long as the browser's SSO session: signed out there (or that session
 * ended from another device), My account asks again.
 */
@Injectable()
export class AccountSessionService {
  private readonly provider: OidcProviderConfig = {
    kind: 'oidc',
    id: 'my-account',
    issuer: config.issuer,
    clientId: MY_ACCOUNT_CLIENT_ID,
    authMethod: 'none',
    scopes: ['openid'],
  };

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly cookies: WebCookies,
    private readonly rp: RelyingPartyService,
    private readonly oidc: OidcService,
    private readonly clock: Clock,
  ) {}

  private key(kind: 's' | 'tx', id: string) {
    return `${config.redisPrefix}:my-account:${kind}:${id}`;
  }

  /** The holder's session, if the browser has one and its SSO session is still the same person's. */
  async current(req: Request, res: Response): Promise<(AccountSession & { id: string }) | null> {
    const id = readCookie(req, SESSION_COOKIE);
    if (!id || !ID.test(id)) return null;
    const raw = await this.redis.get(this.key('s', id));
    if (!raw) return null;
    const session = JSON.parse(raw) as AccountSession;
    if ((await this.oidc.sessionAccountId(req, res)) !== session.sub) {
      await this.redis.del(this.key('s', id));
      return null;
    }
    await this.redis.expire(this.key('s', id), IDLE_SECONDS);
    return { ...session, id };
  }

  fresh(session: AccountSession): boolean {
    return this.clock.now().getTime() / 1000 - session.authTime <= FRESH_SECONDS;
  }

  async save(session: AccountSession & { id: string }): Promise<void> {
    const { id, ...rest } = session;
    await this.redis.set(this.key('s', id), JSON.stringify(rest), 'EX', IDLE_SECONDS);
  }

  /**
   * Where to send the browser to sign in; `fresh` asks the idp to re-authenticate every factor
   * (max_age=0) whatever the SSO session, for the changes that need it.
   */
  async beginLogin(
    res: Response,
    returnTo: string,
    opts: { fresh: boolean; locale: string; loginHint?: string },
  ): Promise<string> {
    const { url, transaction } = await this.rp.beginLogin(this.provider, {
      redirectUri: `${config.issuer}${MY_ACCOUNT_CALLBACK}`,
      returnTo: safeReturn(returnTo),
      // max_age makes the ID token carry auth_time, which the freshness check reads.
      maxAge: opts.fresh ? 0 : 14 * 24 * 3600,
      extraParams: { ui_locales: opts.locale, ...(opts.loginHint ? { login_hint: opts.loginHint } : {}) },
    });
    const txId = randomBytes(32).toString('base64url');
    await this.redis.set(this.key('tx', txId), JSON.stringify(transaction), 'EX', TX_SECONDS);
    this.cookies.set(res, TX_COOKIE, txId, { path: MY_ACCOUNT_PATH, maxAgeSeconds: TX_SECONDS });
    return url;
  }

  /** The callback: checks it against this browser's transaction (once), starts the session. */
  async completeLogin(req: Request, res: Response): Promise<string> {
    const txId = readCookie(req, TX_COOKIE);
    this.cookies.clear(res, TX_COOKIE, { path: MY_ACCOUNT_PATH });
    const raw = txId && ID.test(txId) ? await this.redis.getdel(this.key('tx', txId)) : null;
    const callback = new URL(req.originalUrl, config.issuer);
    const result = await this.rp.completeLogin(this.provider, callback, raw ? JSON.parse(raw) : null);
    const claims = result.claims;
    const session: AccountSession & { id: string } = {
      id: randomBytes(32).toString('base64url'),
      sub: result.subject,
      authTime: Number(claims.auth_time ?? 0),
      amr: Array.isArray(claims.amr) ? claims.amr.map(String) : [],
      acr: String(claims.acr ?? ''),
    };
    const old = readCookie(req, SESSION_COOKIE);
    if (old && ID.test(old)) await this.redis.del(this.key('s', old));
    await this.save(session);
    this.cookies.set(res, SESSION_COOKIE, session.id, { path: MY_ACCOUNT_PATH });
    return safeReturn(result.returnTo ?? MY_ACCOUNT_PATH);
  }

  async end(req: Request, res: Response): Promise<void> {
    const id = readCookie(req, SESSION_COOKIE);
    if (id && ID.test(id)) await this.redis.del(this.key('s', id));
    this.cookies.clear(res, SESSION_COOKIE, { path: MY_ACCOUNT_PATH });
  }
}

/** Only a path of My account itself: never an open redirect. */
export function safeReturn(to: string): string {
  return /^\/account(\/[a-z-]*)*$/.test(to) ? to : MY_ACCOUNT_PATH;
}
