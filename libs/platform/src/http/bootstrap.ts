import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config.js';
import { createLogger, PinoNestLogger, requestLogger } from '../logging/logger.js';

/**
 * Creates an HTTP app with JSON logs, a request id, security headers and graceful shutdown
 * (SIGTERM closes the listener, lets requests finish, then closes MySQL and Redis).
 */
export async function createHttpApp(
  name: string,
  module: Type<unknown>,
  config: AppConfig,
  opts: { bodyParser?: boolean } = {},
): Promise<NestExpressApplication> {
  const logger = createLogger(name, config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new PinoNestLogger(logger),
    bodyParser: opts.bodyParser ?? true,
  });
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', 1);
  app.use(requestLogger(logger));
  app.use(
    helmet({
      contentSecurityPolicy: false, // pages set their own strict CSP
      hsts: config.production ? { maxAge: 31536000, includeSubDomains: true } : false,
    }),
  );
  // Exit 0 after a clean shutdown rather than re-raising the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}

/**
 * Listens on `port`. On shutdown the server first drains for `drainMs`: it still answers, but every
 * response says `Connection: close`, so clients move their pooled keep-alive connections elsewhere
 * (another process of a rolling restart, another instance) instead of racing a socket that is
 * being closed under them; then it stops listening and waits for the requests in flight, closing
 * each connection as soon as its response is out.
 */
export async function listen(
  app: INestApplication,
  port: number,
  name: string,
  opts: { drainMs?: number; keepAliveTimeoutMs?: number } = {},
): Promise<void> {
  const drainMs = opts.drainMs ?? 0;
  const server = app.getHttpServer() as Server;
  // Node closes an idle keep-alive connection after 5 s by default, shorter than the pools of the
  // proxies and clients in front of it (nginx and most load balancers keep theirs 60 s): a client
  // that sends on a connection the server is just closing gets a reset (EPIPE halfway through an
  // upload) for a request the server never saw. The server outlives the client's idle time instead.
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 65_000;
  let draining = false;
  if (drainMs > 0) {
    // Only when draining is configured: otherwise no listener runs on every request for nothing.
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (draining && !res.headersSent) res.setHeader('connection', 'close');
    });
  }
  const close = server.close.bind(server);
  server.close = ((callback?: (err?: Error) => void) => {
    draining = true;
    const stop = () => {
      // close() ends the idle connections of that moment; one busy then would, once its response
      // is out, sit idle for the whole keep-alive timeout and hold the shutdown with it.
      const sweep = setInterval(() => server.closeIdleConnections(), 100).unref();
      close((err?: Error) => {
        clearInterval(sweep);
        callback?.(err);
      });
    };
    if (drainMs > 0) setTimeout(stop, drainMs).unref();
    else stop();
    return server;
  }) as Server['close'];
  await app.listen(port, '0.0.0.0');
  process.stdout.write(JSON.stringify({ level: 30, app: name, msg: `listening on ${port}` }) + '\n');
}
