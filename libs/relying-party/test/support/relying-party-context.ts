import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock } from '#identity-core';
import {
  RelyingPartyError,
  RelyingPartyModule,
  RelyingPartyService,
  type RelyingPartyErrorCode,
  type RelyingPartyOptions,
} from '#relying-party';

/** The real time, moved by `offsetMs`: the relying party's idea of now, as a skewed server would have it. */
export class OffsetClock extends Clock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The lib as an app composes it: RelyingPartyModule plus a global Clock (IdentityCoreModule's role). */
export async function relyingPartyContext(options: RelyingPartyOptions = {}) {
  const clock = new OffsetClock();
  @Global()
  @Module({ providers: [{ provide: Clock, useValue: clock }], exports: [Clock] })
  class TestClockModule {}
  const moduleRef = await Test.createTestingModule({
    imports: [TestClockModule, RelyingPartyModule.forRoot({ allowInsecureHttp: true, ...options })],
  }).compile();
  return { rp: moduleRef.get(RelyingPartyService), clock, close: () => moduleRef.close() };
}

/** Awaits a promise that must fail with a `RelyingPartyError` of `code`, and returns the error. */
export async function failsWith(
  promise: Promise<unknown>,
  code: RelyingPartyErrorCode,
): Promise<RelyingPartyError> {
  const err = await promise.then(
    () => assert.fail(`expected ${code}, but it succeeded`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RelyingPartyError, `expected a RelyingPartyError, got ${String(err)}`);
  assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
  return err;
}

/** A TCP server that accepts connections and never says anything: a provider hung on its database. */
export class SilentServer {
  url = '';
  connections = 0;
  private server!: Server;
  private readonly sockets = new Set<Socket>();

  static async start(): Promise<SilentServer> {
    const s = new SilentServer();
    s.server = createServer((socket) => {
      s.connections++;
      s.sockets.add(socket);
      socket.on('close', () => s.sockets.delete(socket));
    });
    await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
    s.url = `http://127.0.0.1:${(s.server.address() as { port: number }).port}`;
    return s;
  }

  async stop() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A URL on a port nobody listens on (bound once, then released): connection refused. */
export async function refusedUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
