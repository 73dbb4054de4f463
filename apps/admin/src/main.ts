import 'reflect-metadata';
import { createHttpApp, listen } from '#platform';
import { ASSETS_PATH, assetHandlers } from '#web';
import { AppModule } from './app.module.js';
import { config } from './config/config.js';

const app = await createHttpApp('admin', AppModule, config);
app.use(ASSETS_PATH, ...assetHandlers('admin'));
await listen(app, config.adminPort, 'admin', {
  drainMs: config.shutdownDrainMs,
  keepAliveTimeoutMs: config.keepAliveTimeoutMs,
});
