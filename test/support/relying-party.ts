import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A relying party's HTTP side: its callback answers 200 (so the browser lands there) and it
 * records back-channel logout tokens POSTed to /backchannel.
 */
export class TestRelyingParty {
  readonly logoutTokens: string[] = [];
  /** Served at /jwks, for private_key_jwt clients. */
  jwks: { keys: object[] } = { keys: [] };
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res) => {
      if (req.method === 'POST' && req.url === '/backchannel') {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          const token = new URLSearchParams(body).get('logout_token');
          if (token) this.logoutTokens.push(token);
          res.writeHead(200).end();
        });
        return;
      }
      if (req.url === '/jwks') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.jwks));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('rp ok');
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get callback() {
    return `${this.url}/cb`;
  }

  async stop() {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
