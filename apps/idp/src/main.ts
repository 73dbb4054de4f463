import 'reflect-metadata';
import express from 'express';
import { OidcService } from '#oidc';
import { createHttpApp, listen } from '#platform';
import { AppModule } from './app.module.js';
import { config } from './config/config.js';
import { protocolMiddleware } from './http/protocol.middleware.js';
import { assetPath } from './pages/index.js';

// Body parsing is ours, not Nest's: oidc-provider reads its own request bodies.
const app = await createHttpApp('idp', AppModule, config, { bodyParser: false });
const oidc = app.get(OidcService);
app.use('/assets', express.static(assetPath(), { maxAge: '1h', index: false }));
app.use(protocolMiddleware(oidc));
app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 }));
app.use(express.json({ limit: '16kb' }));
await listen(app, config.idpPort, 'idp');
