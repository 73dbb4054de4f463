import assert from 'node:assert/strict';
import { Agent, createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { listen } from './bootstrap.js';

/** Just what listen() uses of a Nest app, around a plain Node server answering after `delayMs`. */
function fakeApp(delayMs: number): { app: INestApplication; server: Server } {
  const server = createServer((_req, res) => setTimeout(() => res.end('ok'), delayMs));
  const app = {
    getHttpServer: () => server,
    listen: (port: number, host: string) => new Promise<void>((r) => server.listen(port, host, r)),
  } as unknown as INestApplication;
  return { app, server };
}

function fetchVia(agent: Agent, server: Server) {
  const { port } = server.address() as AddressInfo;
  return new Promise<{ connection?: string; keepAlive?: string }>((resolve, reject) => {
    get({ host: '127.0.0.1', port, agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ connection: res.headers.connection, keepAlive: String(res.headers['keep-alive']) }),
      );
    }).on('error', reject);
  });
}

const quietly = async <T>(f: () => Promise<T>): Promise<T> => {
  const write = process.stdout.write;
  process.stdout.write = () => true; // listen() logs its one line
  try {
    return await f();
  } finally {
    process.stdout.write = write;
  }
};

describe('listen', () => {
  it('keeps idle keep-alive connections 65 s (longer than the proxies in front), or as configured', async () => {
    for (const [opts, announced] of [
      [{}, 'timeout=65'],
      [{ keepAliveTimeoutMs: 120_000 }, 'timeout=120'],
    ] as const) {
      const { app, server } = fakeApp(0);
      await quietly(() => listen(app, 0, 'test', opts));
      const agent = new Agent({ keepAlive: true });
      assert.equal((await fetchVia(agent, server)).keepAlive, announced);
      agent.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('on shutdown, a connection busy when it began closes once its response is out, not 65 s later', async () => {
    const { app, server } = fakeApp(300);
    await quietly(() => listen(app, 0, 'test'));
    const agent = new Agent({ keepAlive: true });
    await fetchVia(agent, server); // leaves an idle pooled connection
    const inFlight = fetchVia(agent, server);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    const closed = new Promise((r) => server.close(r));
    assert.ok(await inFlight, 'the request in flight is answered');
    await closed;
    assert.ok(Date.now() - t0 < 2_000, `closed after ${Date.now() - t0} ms`);
    agent.destroy();
  });

  it('while draining, still answers, each response saying Connection: close', async () => {
    const { app, server } = fakeApp(0);
    await quietly(() => listen(app, 0, 'test', { drainMs: 400 }));
    const agent = new Agent({ keepAlive: true });
    assert.equal((await fetchVia(agent, server)).connection, 'keep-alive');
    const closed = new Promise((r) => server.close(r));
    assert.equal((await fetchVia(new Agent({ keepAlive: true }), server)).connection, 'close');
    await closed;
    agent.destroy();
  });
});
