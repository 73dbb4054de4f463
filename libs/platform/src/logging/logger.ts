import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * JSON logs with pino. Redaction is a second line of defence: code must not log secrets or
 * full national IDs in the first place.
 */
export function createLogger(app: string, level: string): Logger {
  return pino({
    level,
    base: { app },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.nationalId',
        '*.national_id',
        '*.client_secret',
      ],
      censor: '[redacted]',
    },
  });
}

/** The caller's X-Request-Id when it is sane, else a new one; echoed on the response. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Express middleware: one log line per request, with a request id echoed as X-Request-Id. Above
 * `info` no request line would be written, so only the id is set (pino-http's per-request child
 * logger is a measurable share of a token request).
 */
export function requestLogger(logger: Logger) {
  if (!logger.isLevelEnabled('info'))
    return (req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void) => {
      req.id = requestId(req, res);
      next();
    };
  return pinoHttp({
    logger,
    genReqId: requestId,
    // Query strings can carry codes and tokens; log the path only.
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz' },
  });
}

const NEST_FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Routes Nest's own log calls into pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  // Nest's own start-up chatter (module init, route mapping) is debug; our code's log() is info.
  log(message: unknown, context?: string) {
    if (context && NEST_FRAMEWORK_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
