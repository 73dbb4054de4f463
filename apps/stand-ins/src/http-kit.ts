import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, body: Buffer, url: URL) => Promise<Reply> | Reply;
export interface Reply {
  status?: number;
  type?: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export const json = (value: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
  headers,
});

/** A tiny router for the stand-ins: `METHOD /path` → handler; /healthz on every server. */
export function serve(name: string, routes: Record<string, Handler>): Server {
  return createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const route =
        url.pathname === '/healthz'
          ? async () => json({ ok: true, name })
          : routes[`${req.method} ${url.pathname}`];
      Promise.resolve(route ? route(req, Buffer.concat(chunks), url) : { status: 404, body: 'not found' })
        .then((r) => {
          res.writeHead(r.status ?? 200, {
            'content-type': r.type ?? 'text/plain; charset=utf-8',
            ...r.headers,
          });
          res.end(r.body);
        })
        .catch((e: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`${name}: ${e.message}`);
        });
    });
  });
}

export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}
