import type { IncomingMessage, ServerResponse } from 'node:http';
import { pageCsp } from '#web';
import { providerPages } from './provider-pages.js';

/** The largest form an RP may POST to the authorization or logout endpoint: it becomes a URL. */
export const MAX_PROTOCOL_FORM_BYTES = 8 * 1024;

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * OIDC Core 3.1.2.1 and RP-Initiated Logout §2: the authorization and logout endpoints take POST
 * as well as GET. oidc-provider serves POST only with a SameSite=None session cookie, because a
 * cross-site POST carries no Lax cookie and the engine would not see the browser's SSO session.
 * We keep every cookie Lax and answer such a POST with a 303 to the same endpoint with the form as
 * its query: the browser follows it as a top-level GET, which carries the Lax cookies, so the
 * engine sees exactly the GET request the RP could have sent, and no cookie is exposed to
 * cross-site POSTs (the interaction forms rely on that).
 *
 * Only a form body counts (OIDC's "Form Serialization"); other bodies get 415, an oversized one
 * 413, both as an error page (no RP to redirect to: the request was never validated).
 */
export async function redirectFormPost(
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  rewrite: (params: URLSearchParams) => URLSearchParams = (p) => p,
): Promise<void> {
  const type = req.headers['content-type'];
  const declared = Number(req.headers['content-length'] ?? 0);
  const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !(typeof type === 'string' && FORM_TYPE.test(type)))
    return refuse(req, res, 415, 'the request must be sent as application/x-www-form-urlencoded');
  if (declared > MAX_PROTOCOL_FORM_BYTES) return refuse(req, res, 413, 'the request is too large');

  let body: string;
  try {
    body = await readBody(req, MAX_PROTOCOL_FORM_BYTES);
  } catch (e) {
    if ((e as Error).message !== 'too large') return void req.destroy();
    return refuse(req, res, 413, 'the request is too large');
  }
  const qs = rewrite(new URLSearchParams(body)).toString();
  res.writeHead(303, { Location: `${target}${qs ? `?${qs}` : ''}`, 'Cache-Control': 'no-store' }).end();
}

/** The legacy logout aliases take `post_logout_redirect_url`; the standard name wins when both are sent. */
export function legacyLogoutParams(params: URLSearchParams): URLSearchParams {
  const legacy = params.get('post_logout_redirect_url');
  if (legacy && !params.has('post_logout_redirect_uri')) params.set('post_logout_redirect_uri', legacy);
  params.delete('post_logout_redirect_url');
  return params;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep reading (and dropping) past the limit, so the 413 reaches a client still sending.
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.once('end', () =>
      over ? reject(new Error('too large')) : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.once('error', reject);
  });
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, description: string) {
  const accept = req.headers['accept-language'];
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': pageCsp(),
    'Cache-Control': 'no-store',
    // Do not keep reading a body we refused on the same connection.
    Connection: 'close',
  });
  res.end(
    providerPages.error({
      error: 'invalid_request',
      description,
      acceptLanguage: typeof accept === 'string' ? accept : undefined,
    }),
  );
  // Whatever the client still sends is read and dropped.
  req.resume();
}
