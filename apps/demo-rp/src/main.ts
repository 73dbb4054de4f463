import { createServer } from 'node:http';
import * as client from 'openid-client';
import { demoConfig } from './config/config.js';

/**
 * A tiny relying party for newcomers (development only): "sign in with the education cloud
 * account", then shows the ID token claims, UserInfo and eduinfo it got back. Public client + PKCE.
 */
const redirectUri = `http://localhost:${demoConfig.port}/callback`;
const pending = new Map<string, { verifier: string; nonce: string }>();
let config: client.Configuration | undefined;

async function oidc(): Promise<client.Configuration> {
  config ??= await client.discovery(
    new URL(demoConfig.issuer),
    demoConfig.clientId,
    undefined,
    client.None(),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  return config;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (body: string) =>
  `<!doctype html><html lang="zh-Hant-TW"><meta charset="utf-8"><title>edu-sso demo RP</title><body style="font-family:sans-serif;max-width:48rem;margin:2rem auto">${body}</body></html>`;

createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://localhost:${demoConfig.port}`);
  const send = (status: number, html: string) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(page(html));
  (async () => {
    if (url.pathname === '/login') {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      pending.set(state, { verifier, nonce });
      const to = client.buildAuthorizationUrl(await oidc(), {
        redirect_uri: redirectUri,
        scope: 'openid profile email eduinfo',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return res.writeHead(302, { location: to.href }).end();
    }
    if (url.pathname === '/callback') {
      const state = url.searchParams.get('state') ?? '';
      const p = pending.get(state);
      pending.delete(state);
      if (!p) return send(400, '<p>Unknown or used state. <a href="/">Start again</a></p>');
      const c = await oidc();
      const tokens = await client.authorizationCodeGrant(c, url, {
        pkceCodeVerifier: p.verifier,
        expectedState: state,
        expectedNonce: p.nonce,
      });
      const claims = tokens.claims()!;
      const info = await client.fetchUserInfo(c, tokens.access_token, claims.sub);
      const edu = await (
        await fetch(`${demoConfig.issuer}/moeresource/api/v1/oidc/eduinfo`, {
          headers: { authorization: `Bearer ${tokens.access_token}` },
        })
      ).json();
      const logout = client.buildEndSessionUrl(c, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: `http://localhost:${demoConfig.port}/`,
      });
      return send(
        200,
        `<h1>已登入 Signed in</h1><h2>ID token</h2><pre>${esc(JSON.stringify(claims, null, 2))}</pre><h2>UserInfo</h2><pre>${esc(JSON.stringify(info, null, 2))}</pre><h2>eduinfo</h2><pre>${esc(JSON.stringify(edu, null, 2))}</pre><p><a href="${esc(logout.href)}">登出 Sign out</a></p>`,
      );
    }
    send(
      200,
      '<h1>edu-sso demo RP</h1><p><a href="/login">以教育雲端帳號登入 Sign in with the education cloud account</a></p>',
    );
  })().catch((e: Error) => send(500, `<p>Error: ${esc(e.message)}</p><p><a href="/">Start again</a></p>`));
}).listen(demoConfig.port, '127.0.0.1', () => {
  process.stdout.write(
    JSON.stringify({ level: 30, app: 'demo-rp', msg: `demo RP on http://localhost:${demoConfig.port}` }) +
      '\n',
  );
});
