import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** Every request the bench makes goes to loopback; anything else is a bug in the bench. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const TIMEOUT_MS = 30_000;

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** A keep-alive connection pool, as a load generator (or a browser) keeps one per origin. */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/** One HTTP/1.1 request on node:http (lighter than fetch for a load generator on the same cores). */
export function request(agent: Agent, url: URL, req: HttpRequest = {}): Promise<HttpResponse> {
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname))
    return Promise.reject(new Error(`bench refuses non-loopback URL ${url.origin}`));
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: req.method ?? 'GET',
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.setTimeout(TIMEOUT_MS, () => r.destroy(new Error(`timeout after ${TIMEOUT_MS} ms: ${url.pathname}`)));
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

export function basicAuth(clientId: string, secret: string): string {
  // RFC 6749 2.3.1: form-encode both parts before base64.
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`;
}

export const FORM = 'application/x-www-form-urlencoded';

interface StoredCookie {
  value: string;
  path: string;
  expires: number | null;
}

/**
 * The smallest browser cookie jar that oidc-provider's flow needs: one origin, name + path,
 * expiry, deletion by an empty value or a past date. Domain and Secure are ignored (loopback http).
 */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  private static key(name: string, path: string) {
    return `${name}\u0000${path}`;
  }

  store(headers: IncomingHttpHeaders, requestPath: string): void {
    for (const line of headers['set-cookie'] ?? []) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = requestPath.replace(/\/[^/]*$/, '') || '/';
      let expires: number | null = null;
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        const attr = k.trim().toLowerCase();
        if (attr === 'path' && v.trim().startsWith('/')) path = v.trim();
        else if (attr === 'expires') expires = Date.parse(v.trim());
        else if (attr === 'max-age') expires = Date.now() + Number(v.trim()) * 1000;
      }
      const key = CookieJar.key(name, path);
      if (!value || (expires !== null && expires <= Date.now())) this.cookies.delete(key);
      else this.cookies.set(key, { value, path, expires });
    }
  }

  header(requestPath: string): string | undefined {
    const now = Date.now();
    const out: string[] = [];
    for (const [key, c] of this.cookies) {
      if (c.expires !== null && c.expires <= now) continue;
      const matches =
        requestPath === c.path ||
        (requestPath.startsWith(c.path) && (c.path.endsWith('/') || requestPath[c.path.length] === '/'));
      if (matches) out.push(`${key.split('\u0000')[0]}=${c.value}`);
    }
    return out.length ? out.join('; ') : undefined;
  }
}
