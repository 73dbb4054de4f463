import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger } from '#platform';
import { AppModule } from './app.module.js';
import { config } from './config/config.js';

const logger = createLogger('worker', config.logLevel);
const app = await NestFactory.createApplicationContext(AppModule, { logger: new PinoNestLogger(logger) });
// SIGTERM: stop relaying, let active jobs finish (queue.close), close connections, exit 0.
app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
// Like the HTTP apps' "listening on": printed whatever LOG_LEVEL says, tests and operators wait for it.
process.stdout.write(JSON.stringify({ level: 30, app: 'worker', msg: 'worker started' }) + '\n');
