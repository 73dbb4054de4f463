import 'reflect-metadata';
import { createHttpApp, listen } from '#platform';
import { AppModule } from './app.module.js';
import { config } from './config/config.js';

const app = await createHttpApp('admin', AppModule, config);
await listen(app, config.adminPort, 'admin');
