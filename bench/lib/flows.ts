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

/**
 * (c) a full password login the way a browser without JavaScript does it, with a fresh cookie jar
 * (a new browser, so no SSO session): authorization request with PKCE, state and nonce → the
 * interaction's login page → POST the form → follow redirects until the RP's redirect_uri with
 * `code` → exchange the code at the token endpoint. The callback itself is not fetched.
 */
export async function passwordLogin(
  t: LoginTarget,
  account: { login: string; password: string },
  step: StepRecorder = () => {},
): Promise<Tokens & { httpRequests: number }> {
  const jar = new CookieJar();
  let httpRequests = 1; // the code exchange
  const send = async (url: URL, init: { method?: 'GET' | 'POST'; body?: string } = {}) => {
    httpRequests++;
    const cookie = jar.header(url.pathname);
    const headers: Record<string, string> = { accept: 'text/html', 'accept-language': 'zh-TW' };
    if (cookie) headers.cookie = cookie;
    if (init.body !== undefined) headers['content-type'] = FORM;
    const res = await request(t.agent, url, { ...init, headers });
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
  let next = location(res, 'login form');
  await lap('login POST (argon2)');
  for (let hops = 0; !next.href.startsWith(t.redirectUri); hops++) {
    if (hops >= 8) throw new Error(`too many redirects, at ${next.pathname}`);
    res = await send(next);
    next = location(res, `redirect ${next.pathname}`);
  }
  await lap('resume → callback');
  const error = next.searchParams.get('error');
  if (error) throw new Error(`authorization error: ${error} ${next.searchParams.get('error_description')}`);
  if (next.searchParams.get('state') !== state) throw new Error('state mismatch');
  const code = next.searchParams.get('code');
  if (!code) throw new Error('no code at the callback');
  const tokens = await tokenRequest(
    t,
    { grant_type: 'authorization_code', code, redirect_uri: t.redirectUri, code_verifier: verifier },
    'code exchange',
  );
  if (!tokens.id_token) throw new Error('code exchange: no id_token');
  await lap('code → token');
  return { ...tokens, httpRequests };
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
