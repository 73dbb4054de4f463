/** Network failures of the connection to MySQL or Redis, as Node and the drivers report them. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
]);

/**
 * What ioredis throws when a command cannot reach Redis (retries used up, connection closed,
 * offline), and what a primary demoted by a failover answers a write (READONLY).
 */
const REDIS_OFFLINE =
  /^(Connection is closed|Stream isn't writeable|Reached the max retries per request|READONLY )/;

/**
 * True when an error means "MySQL or Redis is not answering" rather than a defect: apps answer
 * 503 with Retry-After for these (the user can try again), 500 for everything else. Follows the
 * wrappers TypeORM (`driverError`) and others (`cause`) put around the driver's error.
 */
export function isInfrastructureFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; fatal?: unknown };
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  if (e.fatal === true) return true; // mysql2: the connection is unusable
  if (typeof e.message === 'string' && REDIS_OFFLINE.test(e.message)) return true;
  const inner = error as { driverError?: unknown; cause?: unknown };
  return (
    isInfrastructureFailure(inner.driverError, depth + 1) || isInfrastructureFailure(inner.cause, depth + 1)
  );
}
