import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Type } from '@nestjs/common';
import express from 'express';
import { OidcService } from '#oidc';
import { createHttpApp, createLogger, listen } from '#platform';
import { ASSETS_PATH, assetHandlers } from '#web';
import { bootFailureLine } from './config/boot-failure.js';
import { config } from './config/config.js';
import { acceptedBodiesOnly, bodyObject } from './http/form-body.js';
import { protocolFrontDoor } from './http/protocol-front-door.js';

/**
 * Starts the idp with `root` as its module: AppModule in production (main.ts); tests may start it
 * with a module that imports AppModule and adds, say, a test-only sign-in method.
 */
export async function startIdp(root: Type<unknown>): Promise<void> {
  // Body parsing is ours, not Nest's: oidc-provider reads its own request bodies.
  const app = await createHttpApp('idp', root, config, { bodyParser: false });
  app.use(ASSETS_PATH, ...assetHandlers('idp'));
  app.use(acceptedBodiesOnly);
  app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 }));
  app.use(express.json({ limit: '16kb' }));
  app.use(bodyObject);

  // Put the protocol front door before Express on the same server (see protocol-front-door.ts).
  const server = app.getHttpServer() as Server;
  const [expressHandler] = server.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  server.removeAllListeners('request');
  const front = protocolFrontDoor(app.get(OidcService), createLogger('idp', config.logLevel), config);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => front(req, res, expressHandler));

  try {
    await listen(app, config.idpPort, 'idp', {
      drainMs: config.shutdownDrainMs,
      keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    });
  } catch (e) {
    const line = bootFailureLine(e);
    if (!line) throw e;
    process.stderr.write(`${line}\n`);
    process.exit(1);
  }
}
