import { createHash, randomBytes } from 'node:crypto';
import type { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { basicAuth, CookieJar, FORM, request, type HttpResponse } from './http.js';
import type { StepRecorder } from './load.js';

/** A token endpoint and the confidential client that calls it. */
export interface TokenTarget {
  base: URL;
  agent: Agent;
  tokenPath: string;
  clientId: string;
  secret: string;
}

export interface LoginTarget extends TokenTarget {
  authorizePath: string;
  redirectUri: string;
  scope: string;
  /**
   * Several idp instances of one issuer (`--instances 2`): each request of a login goes to the next
   * live one in turn (authorize on A, login page on B, POST on A, …), so a login begun on one
   * finishes on another. `alive = false` takes one out, as a load balancer's health check would.
   */
  instances?: Instance[];
}

export interface Instance {
  name: string;
  base: URL;
  agent: Agent;
  alive: boolean;
  /** Requests sent to it and not yet answered (what a crash of it takes down). */
  inFlight: number;
}

let rotation = 0;

async function counted<T>(to: Route, p: Promise<T>): Promise<T> {
  if (to.inFlight === undefined) return p;
  to.inFlight++;
  try {
    return await p;
  } finally {
    to.inFlight--;
  }
}

/** The next live instance of the target (or the target itself): where the next request goes. */
type Route = { base: URL; agent: Agent; name: string; inFlight?: number };
function router(t: LoginTarget): () => Route {
  let turn = rotation++; // consecutive logins start on different instances
  return () => {
    const live = t.instances?.filter((i) => i.alive) ?? [];
    if (!t.instances) return { base: t.base, agent: t.agent, name: 'idp' };
    if (!live.length) throw new Error('no live idp instance');
    return live[turn++ % live.length]!;
  };
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

const isRedirect = (s: number) => s >= 300 && s < 400;

async function tokenRequest(t: TokenTarget, params: Record<string, string>, what: string): Promise<Tokens> {
  const res = await request(t.agent, new URL(t.tokenPath, t.base), {
    method: 'POST',
    headers: {
      authorization: basicAuth(t.clientId, t.secret),
      'content-type': FORM,
      accept: 'application/json',
    },
    body: new URLSearchParams(params).toString(),
  });
  if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  const body = JSON.parse(res.body) as Tokens;
  if (!body.access_token) throw new Error(`${what}: no access_token`);
  return body;
}

/** (a) and the bare engine: one client_credentials grant with client_secret_basic. */
export function clientCredentials(t: TokenTarget): Promise<Tokens> {
  return tokenRequest(t, { grant_type: 'client_credentials' }, 'client_credentials');
}

/** (b) one refresh grant; returns the rotated refresh token, which the chain must use next. */
export async function refreshGrant(t: TokenTarget, refreshToken: string): Promise<string> {
  const tokens = await tokenRequest(
    t,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    'refresh',
  );
  if (!tokens.refresh_token) throw new Error('refresh: no rotated refresh_token');
  return tokens.refresh_token;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&#47;/g, '/')
    .replace(/&quot;/g, '"');
}

/** A login stopped at the relying party's callback: the code not yet redeemed, and the browser. */
export interface IssuedCode {
  code: string;
  verifier: string;
  jar: CookieJar;
  httpRequests: number;
  /** The instance that served the redirect carrying the code (it issued the code). */
  issuedBy: string;
}

/**
 * The browser part of (c), up to the code at the callback: authorization request with PKCE, state
 * and nonce → the interaction's login page → POST the form → follow redirects until the RP's
 * redirect_uri with `code`. The callback itself is not fetched.
 */
export async function loginToCode(
  t: LoginTarget,
  account: { login: string; password: string },
  step: StepRecorder = () => {},
  jar = new CookieJar(),
  next = router(t),
): Promise<IssuedCode> {
  let httpRequests = 0;
  let servedBy = '';
  const send = async (path: URL, init: { method?: 'GET' | 'POST'; body?: string } = {}) => {
    httpRequests++;
    const to = next();
    servedBy = to.name;
    const url = new URL(path.pathname + path.search, to.base);
    const cookie = jar.header(url.pathname);
    const headers: Record<string, string> = { accept: 'text/html', 'accept-language': 'zh-TW' };
    if (cookie) headers.cookie = cookie;
    if (init.body !== undefined) headers['content-type'] = FORM;
    const res = await counted(to, request(to.agent, url, { ...init, headers }));
    jar.store(res.headers, url.pathname);
    return res;
  };
  const location = (res: HttpResponse, what: string) => {
    if (!isRedirect(res.status) || !res.headers.location)
      throw new Error(`${what}: expected a redirect, got HTTP ${res.status} ${res.body.slice(0, 160)}`);
    return new URL(res.headers.location, t.base);
  };
  let mark = performance.now();
  const lap = async (name: string) => {
    await step(name, performance.now() - mark);
    mark = performance.now();
  };

  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const authorize = new URL(t.authorizePath, t.base);
  authorize.search = new URLSearchParams({
    client_id: t.clientId,
    response_type: 'code',
    scope: t.scope,
    redirect_uri: t.redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();

  const interaction = location(await send(authorize), 'authorize');
  await lap('authorize');
  const page = await send(interaction);
  if (page.status !== 200) throw new Error(`login page: HTTP ${page.status}`);
  const action = /<form class="form" method="post" action="([^"]+)"/.exec(page.body)?.[1];
  if (!action) throw new Error('login page: no form');
  await lap('login page');
  let res = await send(new URL(decodeEntities(action), t.base), {
    method: 'POST',
    body: new URLSearchParams({ login: account.login, password: account.password }).toString(),
  });
  let at = location(res, 'login form');
  await lap('login POST (argon2)');
  for (let hops = 0; !at.href.startsWith(t.redirectUri); hops++) {
    if (hops >= 8) throw new Error(`too many redirects, at ${at.pathname}`);
    res = await send(at);
    at = location(res, `redirect ${at.pathname}`);
  }
  await lap('resume → callback');
  return { ...codeAt(at, state), verifier, jar, httpRequests, issuedBy: servedBy };
}

function codeAt(callback: URL, state: string): { code: string } {
  const error = callback.searchParams.get('error');
  if (error)
    throw new Error(`authorization error: ${error} ${callback.searchParams.get('error_description')}`);
  if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error('no code at the callback');
  return { code };
}

/** The RP's code exchange (PKCE), on the target's next live instance. */
export async function redeemCode(
  t: LoginTarget,
  issued: { code: string; verifier: string },
  next = router(t),
): Promise<Tokens & { issuedBy: string }> {
  const to = next();
  const tokens = await counted(
    to,
    tokenRequest(
      { ...t, base: to.base, agent: to.agent },
      {
        grant_type: 'authorization_code',
        code: issued.code,
        redirect_uri: t.redirectUri,
        code_verifier: issued.verifier,
      },
      'code exchange',
    ),
  );
  if (!tokens.id_token) throw new Error('code exchange: no id_token');
  return { ...tokens, issuedBy: to.name };
}

/**
 * (c) a full password login the way a browser without JavaScript does it, with a fresh cookie jar
 * (a new browser, so no SSO session): `loginToCode`, then the code exchange at the token endpoint.
 */
export async function passwordLogin(
  t: LoginTarget,
  account: { login: string; password: string },
  step: StepRecorder = () => {},
): Promise<Tokens & { httpRequests: number; jar: CookieJar; issuedBy: string }> {
  // One rotation for the whole login: its requests alternate A, B, A, … to the code exchange, and
  // consecutive logins start on different instances (so the login POST's argon2 is shared too).
  const next = router(t);
  const issued = await loginToCode(t, account, step, new CookieJar(), next);
  let mark = performance.now();
  const tokens = await redeemCode(t, issued, next);
  await step('code → token', performance.now() - mark);
  mark = performance.now();
  return { ...tokens, httpRequests: issued.httpRequests + 1, jar: issued.jar };
}

/**
 * SSO: a browser that signed in before (its cookie jar) asks for another code; the session must
 * carry it to the callback without the login page. Returns the code exchange's tokens.
 */
export async function ssoLogin(t: LoginTarget, jar: CookieJar): Promise<Tokens> {
  const next = router(t);
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  let at = new URL(t.authorizePath, t.base);
  at.search = new URLSearchParams({
    client_id: t.clientId,
    response_type: 'code',
    scope: t.scope,
    redirect_uri: t.redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    nonce: randomBytes(16).toString('base64url'),
  }).toString();
  for (let hops = 0; !at.href.startsWith(t.redirectUri); hops++) {
    if (hops >= 8) throw new Error(`sso: too many redirects, at ${at.pathname}`);
    const to = next();
    const url = new URL(at.pathname + at.search, to.base);
    const cookie = jar.header(url.pathname);
    const res = await request(to.agent, url, {
      headers: { accept: 'text/html', 'accept-language': 'zh-TW', ...(cookie ? { cookie } : {}) },
    });
    jar.store(res.headers, url.pathname);
    if (!isRedirect(res.status) || !res.headers.location)
      throw new Error(`sso: the session did not carry the login (HTTP ${res.status} at ${at.pathname})`);
    at = new URL(res.headers.location, t.base);
  }
  return redeemCode(t, { ...codeAt(at, state), verifier }, next);
}

/** (d) a school system reading a person's affiliations with the access token it holds (eduinfo). */
export async function eduinfoRead(t: TokenTarget, path: string, accessToken: string): Promise<void> {
  const res = await request(t.agent, new URL(path, t.base), {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  if (res.status !== 200) throw new Error(`eduinfo: HTTP ${res.status} ${res.body.slice(0, 160)}`);
  if (!res.body.includes('"schoolid"'))
    throw new Error(`eduinfo: no affiliation in ${res.body.slice(0, 160)}`);
}
