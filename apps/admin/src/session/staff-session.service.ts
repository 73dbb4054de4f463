import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { ListStaffUseCase, type StaffMember } from '#helpdesk';
import { ACR, AuditService, Clock } from '#identity-core';
import { REDIS } from '#platform';
import { LogoutTokenVerifier, RelyingPartyService, type OidcProviderConfig } from '#relying-party';
import { readCookie, WebCookies } from '#web';
import { config } from '../config/config.js';
import { ADMIN_CALLBACK, ADMIN_CLIENT_ID, SESSION } from './session.constants.js';

const ID = /^[A-Za-z0-9_-]{43}$/;

/** What the portal keeps of a staff sign-in, in Redis only (the browser holds a random id). */
export interface StaffSession {
  id: string;
  sub: string;
  /** The idp's session (`sid` of the ID token): the back-channel logout names it. */
  sid: string | null;
  acr: string;
  /** When the staff member last proved who they are at the idp (seconds). */
  authTime: number;
  /** When this portal session began (ms): it ends 8 h later whatever the activity. */
  startedAt: number;
  /** For RP-initiated logout at the idp (`id_token_hint`). */
  idToken: string | null;
}

export type SignInRefusal = 'second_factor_required' | 'not_staff';

export class StaffSignInRefused extends Error {
  constructor(readonly reason: SignInRefusal) {
    super(reason);
  }
}

/**
 * Staff sign in at edu-sso as a first-party client (code flow with PKCE, state and nonce through
 * libs/relying-party), with `acr_values` asking for MFA; an ID token whose `acr` is lower is refused
 * (the idp could not get a second factor). The session lives in Redis: idle 15 minutes, absolute
 * 8 hours, ended by sign-out, by the idp's back-channel logout (indexes by sid and sub), and by a
 * revoked role (every request reloads it).
 */
@Injectable()
export class StaffSessionService {
  readonly provider: OidcProviderConfig = {
    kind: 'oidc',
    id: 'edu-sso-admin',
    issuer: config.issuer,
    clientId: ADMIN_CLIENT_ID,
    authMethod: 'none',
    scopes: ['openid'],
  };

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly cookies: WebCookies,
    private readonly rp: RelyingPartyService,
    private readonly logoutTokens: LogoutTokenVerifier,
    private readonly staff: ListStaffUseCase,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private key(kind: 's' | 'tx' | 'sid' | 'sub', id: string) {
    return `${config.redisPrefix}:admin:${kind}:${id}`;
  }

  private get cookieName() {
    return this.cookies.hostName(SESSION.cookie);
  }

  /** The signed-in staff member of this request, with their current role; null when none. */
  async current(req: Request): Promise<{ session: StaffSession; staff: StaffMember } | null> {
    const id = readCookie(req, this.cookieName);
    if (!id || !ID.test(id)) return null;
    const raw = await this.redis.get(this.key('s', id));
    if (!raw) return null;
    const session = JSON.parse(raw) as StaffSession;
    const left = session.startedAt + SESSION.absoluteSeconds * 1000 - this.clock.now().getTime();
    if (left <= 0) {
      await this.drop(session);
      return null;
    }
    const staff = await this.staff.bySub(session.sub);
    if (!staff) {
      await this.drop(session);
      return null;
    }
    await this.redis.expire(this.key('s', id), Math.min(SESSION.idleSeconds, Math.ceil(left / 1000)));
    return { session, staff };
  }

  /** Where to send the browser to sign in; `fresh` asks the idp to check every factor again now. */
  async beginLogin(
    res: Response,
    opts: { returnTo: string; locale: string; fresh?: boolean },
  ): Promise<string> {
    const { url, transaction } = await this.rp.beginLogin(this.provider, {
      redirectUri: `${config.adminUrl}${ADMIN_CALLBACK}`,
      returnTo: safeReturn(opts.returnTo),
      maxAge: opts.fresh ? 0 : SESSION.absoluteSeconds,
      extraParams: { ui_locales: opts.locale, acr_values: ACR.multiFactor },
    });
    const txId = randomBytes(32).toString('base64url');
    await this.redis.set(this.key('tx', txId), JSON.stringify(transaction), 'EX', SESSION.txSeconds);
    this.cookies.set(res, SESSION.txCookie, txId, { path: ADMIN_CALLBACK, maxAgeSeconds: SESSION.txSeconds });
    return url;
  }

  /**
   * The callback: the transaction of this browser (once), the code redeemed and the ID token
   * checked (RelyingPartyError otherwise), MFA and a staff role required; then a new session id.
   */
  async completeLogin(req: Request, res: Response): Promise<{ returnTo: string; staff: StaffMember }> {
    const txId = readCookie(req, SESSION.txCookie);
    this.cookies.clear(res, SESSION.txCookie, { path: ADMIN_CALLBACK });
    const raw = txId && ID.test(txId) ? await this.redis.getdel(this.key('tx', txId)) : null;
    const callback = new URL(req.originalUrl, config.adminUrl);
    const result = await this.rp.completeLogin(this.provider, callback, raw ? JSON.parse(raw) : null);
    const claims = result.claims;
    const actor = `account:${result.subject}`;
    const refuse = async (reason: SignInRefusal) => {
      await this.audit.record({
        actor,
        action: 'admin.sign_in',
        target: actor,
        result: 'failure',
        ip: req.ip,
        userAgent: req.get('user-agent') ?? null,
        details: { reason, acr: String(claims.acr ?? '') },
      });
      return new StaffSignInRefused(reason);
    };
    if (claims.acr !== ACR.multiFactor) throw await refuse('second_factor_required');
    const staff = await this.staff.bySub(result.subject);
    if (!staff) throw await refuse('not_staff');

    const previous = readCookie(req, this.cookieName);
    if (previous && ID.test(previous)) await this.endById(previous);
    const session: StaffSession = {
      id: randomBytes(32).toString('base64url'),
      sub: result.subject,
      sid: typeof claims.sid === 'string' ? claims.sid : null,
      acr: String(claims.acr),
      authTime: Number(claims.auth_time ?? 0),
      startedAt: this.clock.now().getTime(),
      idToken: result.tokens.idToken ?? null,
    };
    // The indexes (by account, by idp session) before the session, each its own single-key
    // MULTI so a Redis Cluster can serve it: a live session is always in the indexes that
    // back-channel logout and a revoked role read; a crash in between leaves only an entry
    // pointing at nothing, which endById skips.
    const indexes = [this.key('sub', session.sub), ...(session.sid ? [this.key('sid', session.sid)] : [])];
    await Promise.all(
      indexes.map((k) => this.redis.multi().sadd(k, session.id).expire(k, SESSION.absoluteSeconds).exec()),
    );
    await this.redis.set(this.key('s', session.id), JSON.stringify(session), 'EX', SESSION.idleSeconds);
    this.cookies.set(res, this.cookieName, session.id);
    await this.audit.record({
      actor: `admin:${staff.username ?? staff.sub}`,
      action: 'admin.sign_in',
      target: actor,
      result: 'success',
      ip: req.ip,
      userAgent: req.get('user-agent') ?? null,
      details: { role: staff.role },
    });
    return { returnTo: safeReturn(result.returnTo ?? '/'), staff };
  }

  /** Re-authenticated within `seconds` (the ID token's auth_time)? */
  fresh(session: StaffSession, seconds: number): boolean {
    return this.clock.now().getTime() / 1000 - session.authTime <= seconds;
  }

  /** Sign-out here: this browser's session ends; the caller sends it on to the idp's logout. */
  async end(req: Request, res: Response): Promise<StaffSession | null> {
    const id = readCookie(req, this.cookieName);
    this.cookies.clear(res, this.cookieName);
    return id && ID.test(id) ? this.endById(id) : null;
  }

  /**
   * The idp's back-channel logout: a verified logout token ends the portal sessions of that idp
   * session and, since a staff member signed out at the idp should be out of the portal too, every
   * portal session of that account. Returns how many ended.
   */
  async backchannelLogout(token: unknown): Promise<number> {
    const notice = await this.logoutTokens.verify(this.provider, token);
    const ids = new Set<string>();
    if (notice.sid) for (const id of await this.redis.smembers(this.key('sid', notice.sid))) ids.add(id);
    if (notice.sub) for (const id of await this.redis.smembers(this.key('sub', notice.sub))) ids.add(id);
    let ended = 0;
    for (const id of ids) if (await this.endById(id)) ended++;
    if (notice.sub)
      await this.audit.record({
        actor: 'system',
        action: 'admin.sign_out',
        target: `account:${notice.sub}`,
        result: 'success',
        details: { via: 'backchannel', sessions: ended },
      });
    return ended;
  }

  /**
   * Every portal session of an account ends now (a revoked role): not only on its next request,
   * which reloads the role anyway, but at once, keys and all. Returns how many ended.
   */
  async endAllOf(sub: string): Promise<number> {
    let ended = 0;
    for (const id of await this.redis.smembers(this.key('sub', sub))) if (await this.endById(id)) ended++;
    return ended;
  }

  private async endById(id: string): Promise<StaffSession | null> {
    const raw = await this.redis.getdel(this.key('s', id));
    if (!raw) return null;
    const session = JSON.parse(raw) as StaffSession;
    await this.drop(session);
    return session;
  }

  private async drop(session: StaffSession): Promise<void> {
    // The session before its index entries (see sign-in).
    await this.redis.del(this.key('s', session.id));
    await Promise.all([
      this.redis.srem(this.key('sub', session.sub), session.id),
      ...(session.sid ? [this.redis.srem(this.key('sid', session.sid), session.id)] : []),
    ]);
  }
}

/** Only a path of the portal itself: never an open redirect. */
export function safeReturn(to: string): string {
  return /^\/(?:[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*)?(?:\?[A-Za-z0-9_=&%.-]*)?$/.test(to) &&
    !to.startsWith('//')
    ? to
    : '/';
}
