import type { RedisOptions } from 'ioredis';

/**
 * Where Redis is: a URL (one server), or Sentinels that name the current primary of `sentinelName`.
 * The URL still gives the database number, user, password and TLS when Sentinels are used.
 */
export interface RedisConnection {
  url: string;
  sentinels?: { host: string; port: number }[];
  sentinelName?: string;
  sentinelPassword?: string;
}

/**
 * Bull's key prefix for a deployment's REDIS_PREFIX. Bull's scripts touch many keys of one queue
 * at once, which Redis Cluster allows only inside one hash slot: the braces make the whole prefix
 * the hash tag, so every queue key is in one slot (queues are few and small; the slot is no hot
 * spot). REDIS_PREFIX has no braces of its own (config checks it).
 */
export function bullPrefix(redisPrefix: string): string {
  return `{${redisPrefix}:bull}`;
}

/** `host:port,host:port` (IPv6 as `[::1]:26379`) → Sentinel addresses; throws on a bad entry. */
export function parseSentinels(raw: string): { host: string; port: number }[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^(?:\[([0-9a-fA-F:]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(entry);
      const port = Number(m?.[3]);
      if (!m || port < 1 || port > 65535) throw new Error(`not host:port: ${entry}`);
      return { host: m[1] ?? m[2], port };
    });
}

/**
 * ioredis options for every connection this deployment opens (the shared client and Bull's three):
 * quick reconnects, and with Sentinels the client asks them for the primary again after a failover
 * (ioredis reconnects on its own when the primary changes or refuses writes as a replica).
 */
export function ioredisOptions(c: RedisConnection): RedisOptions {
  const u = new URL(c.url);
  const common: RedisOptions = {
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number(u.pathname.replace(/^\//, '') || 0),
    ...(u.protocol === 'rediss:' ? { tls: { servername: u.hostname } } : {}),
    connectTimeout: 5000,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
  if (!c.sentinels?.length) return { ...common, host: u.hostname, port: Number(u.port || 6379) };
  return {
    ...common,
    sentinels: c.sentinels,
    name: c.sentinelName ?? 'mymaster',
    sentinelPassword: c.sentinelPassword || undefined,
    sentinelRetryStrategy: (times: number) => Math.min(times * 200, 2000),
    // A primary demoted to replica refuses writes with READONLY (nothing was done): reconnect to the
    // new primary and send the command again (2 = reconnect and resend).
    reconnectOnError: (e: Error) => (e.message.startsWith('READONLY') ? 2 : false),
    // No failoverDetector: its forced reconnect on +switch-master can land while the client is
    // already reconnecting, and ioredis then ends the connection for good (seen in the failover
    // test). A dead primary closes the socket anyway, and a demoted one answers READONLY (above).
  };
}
