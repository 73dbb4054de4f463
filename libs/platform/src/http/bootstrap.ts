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

export async function listen(app: INestApplication, port: number, name: string): Promise<void> {
  await app.listen(port, '0.0.0.0');
  process.stdout.write(JSON.stringify({ level: 30, app: name, msg: `listening on ${port}` }) + '\n');
}
