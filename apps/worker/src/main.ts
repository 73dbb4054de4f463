import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger, runProcesses } from '#platform';
import { AppModule } from './app.module.js';
import { config } from './config/config.js';

async function startWorker(): Promise<void> {
  const logger = createLogger('worker', config.logLevel);
  const app = await NestFactory.createApplicationContext(AppModule, { logger: new PinoNestLogger(logger) });
  // SIGTERM: stop relaying, let active jobs finish (queue.close), close connections, exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // Like the HTTP apps' "listening on": printed whatever LOG_LEVEL says, tests and operators wait for it.
  process.stdout.write(JSON.stringify({ level: 30, app: 'worker', msg: 'worker started' }) + '\n');
}

// WORKER_PROCESSES consumers (one per core by default): Bull hands each job to one of them.
await runProcesses({ name: 'worker', count: config.workerProcesses, start: startWorker });
