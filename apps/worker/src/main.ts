import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger } from '#platform';
import { AppModule } from './app.module.js';
import { config } from './config/config.js';

const logger = createLogger('worker', config.logLevel);
const app = await NestFactory.createApplicationContext(AppModule, { logger: new PinoNestLogger(logger) });
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
logger.info('worker started');
