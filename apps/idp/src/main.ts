import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { OidcService } from '#oidc';
import { createHttpApp, createLogger, listen } from '#platform';
import { AppModule } from './app.module.js';
import { bootFailureLine } from './config/boot-failure.js';
import { config } from './config/config.js';
import { acceptedBodiesOnly, bodyObject } from './http/form-body.js';
import { protocolFrontDoor } from './http/protocol-front-door.js';
import { assetPath } from './pages/index.js';

// Body parsing is ours, not Nest's: oidc-provider reads its own request bodies.
const app = await createHttpApp('idp', AppModule, config, { bodyParser: false });
app.use('/assets', express.static(assetPath(), { maxAge: '1h', index: false }));
app.use(acceptedBodiesOnly);
app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 }));
app.use(express.json({ limit: '16kb' }));
app.use(bodyObject);

// Put the protocol front door before Express on the same server (see protocol-front-door.ts).
const server = app.getHttpServer() as import('node:http').Server;
const [expressHandler] = server.listeners('request') as ((
  req: IncomingMessage,
  res: ServerResponse,
) => void)[];
server.removeAllListeners('request');
const front = protocolFrontDoor(app.get(OidcService), createLogger('idp', config.logLevel), config);
server.on('request', (req: IncomingMessage, res: ServerResponse) => front(req, res, expressHandler));

try {
  await listen(app, config.idpPort, 'idp');
} catch (e) {
  const line = bootFailureLine(e);
  if (!line) throw e;
  process.stderr.write(`${line}\n`);
  process.exit(1);
}
