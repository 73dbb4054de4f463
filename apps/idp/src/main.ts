import 'reflect-metadata';
import { runProcesses } from '#platform';
import { AppModule } from './app.module.js';
import { config } from './config/config.js';
import { startIdp } from './server.js';

// IDP_WORKERS processes share IDP_PORT (one per core by default); SIGHUP replaces them one by one.
await runProcesses({ name: 'idp', count: config.idpWorkers, start: () => startIdp(AppModule) });
