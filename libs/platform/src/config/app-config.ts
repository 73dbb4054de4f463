import { availableParallelism } from 'node:os';
import { parseSentinels, type RedisConnection } from '../redis/redis-connection.js';
import { EnvReader } from './env.js';

export type NodeEnv = 'development' | 'test' | 'production';

/** Everything the apps are configured with; shared so idp, admin, worker and cli agree. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  production: boolean;
  databaseUrl: string;
  redisUrl: string;
  /** REDIS_URL plus, for high availability, the Sentinels that name the primary (REDIS_SENTINELS). */
  redis: RedisConnection;
  /** idp processes sharing IDP_PORT (Node cluster); default: one per core (one under NODE_ENV=test). */
  idpWorkers: number;
  /** Worker processes consuming the queues; default as idpWorkers. */
  workerProcesses: number;
  /** On SIGTERM an HTTP app answers with `Connection: close` this long before it stops listening. */
  shutdownDrainMs: number;
  /** How long an idle keep-alive connection stays open (longer than any proxy's or client's pool idle time). */
  keepAliveTimeoutMs: number;
  issuer: string;
  idpPort: number;
  adminPort: number;
  /** Where browsers reach the helpdesk portal (its redirect and back-channel logout URIs at the idp). */
  adminUrl: string;
  logLevel: string;
  /** `kid:base64key,kid:base64key`, first one active. */
  piiKeys: string;
  blindIndexKey: string;
  guidKey: string;
  cookieKeys: string[];
  passwordMinLength: number;
  argon2MemoryKiB: number;
  captchaEnabled: boolean;
  trustProxy: boolean;
  smtpUrl: string;
  mailFrom: string;
  seedDemo: boolean;
  /** `npm start` runs the development inbox (mail + SMS page); never in production. */
  devInbox: boolean;
  devInboxPort: number;
  /** Prefix of every Redis key this deployment writes (several deployments or test runs can share a Redis). */
  redisPrefix: string;
  /** Failed sign-ins one IP may make per sliding hour before it is throttled ... */
  loginIpMaxFailures: number;
  /** ... plus this many for each different account signed in from it (a school behind one NAT address). */
  loginIpCreditPerAccount: number;
  /** educloudroles whose holders must use a second factor when they have one (SignInPolicy). */
  secondFactorRoles: ('student' | 'teacher' | 'staff' | 'parent')[];
  /** Let the provider call RPs on loopback/private addresses (back-channel logout, jwks_uri). */
  allowPrivateNetworkFetch: boolean;
  /**
   * Where the worker sends SMS: `mitake` (HTTP gateway, Mitake SmSend wire format) or `log` (writes
   * each message to the log instead; development). Production defaults to `mitake`: it sends no SMS
   * into the log unless an operator sets SMS_PROVIDER=log on purpose.
   */
  smsProvider: 'log' | 'mitake';
  /** Base URL of the SMS gateway; the worker posts to `{url}/api/mtk/SmSend?CharsetURL=UTF-8`. */
  smsGatewayUrl: string;
  /** SMS gateway account (the worker refuses to start with `mitake` and no account). */
  smsUsername: string;
  smsPassword: string;
  /** How often the worker moves new notification outbox rows to the queues. */
  notificationRelayIntervalMs: number;
  /** Tries per message before it is dead-lettered. */
  notificationAttempts: number;
  /** First retry delay; each further retry waits twice as long. */
  notificationBackoffMs: number;
  /** A job whose worker stops renewing this lock (crash) is handed to another worker after it. */
  notificationJobLockMs: number;
  /** Each call to a county provider (discovery, token, keys, UserInfo) gives up after this (使用縣市帳號登入). */
  countyTimeoutMs: number;
}

// Development defaults only: production refuses them (see EnvReader.string with secret).
const DEV_PII_KEYS = 'dev1:ZGV2LW9ubHktcGlpLWtleS1kby1ub3QtdXNlLTMyYnk=';
const DEV_BLIND_INDEX_KEY = 'ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LTMyYnl0ZXM=';
const DEV_GUID_KEY = 'ZGV2LW9ubHktZ3VpZC1rZXktZG8tbm90LXVzZS0zMmI=';
const DEV_COOKIE_KEYS = 'dev-only-cookie-key-change-me-0000000000';

// These keys are public (this file): production refuses them set explicitly too, in any variable
// and any spelling of the same bytes (another key id, url-safe base64).
const DEV_KEY_BYTES = [DEV_PII_KEYS.split(':')[1]!, DEV_BLIND_INDEX_KEY, DEV_GUID_KEY].map((k) =>
  Buffer.from(k, 'base64').toString('hex'),
);
const isDevKey = (base64: string) => DEV_KEY_BYTES.includes(Buffer.from(base64, 'base64').toString('hex'));
const isDevCookieKey = (k: string) =>
  [DEV_COOKIE_KEYS, DEV_PII_KEYS.split(':')[1], DEV_BLIND_INDEX_KEY, DEV_GUID_KEY].includes(k.trim());

const ROLES = ['student', 'teacher', 'staff', 'parent'] as const;

/** `SECOND_FACTOR_ROLES`: comma-separated educloudroles, `staff` by default, `none` for nobody. */
function secondFactorRoles(r: EnvReader, value: string | undefined): AppConfig['secondFactorRoles'] {
  const v = (value ?? 'staff').trim();
  if (v === 'none' || v === '') return [];
  const list = v.split(',').map((s) => s.trim());
  if (!list.every((s) => (ROLES as readonly string[]).includes(s))) {
    r.problems.push('SECOND_FACTOR_ROLES: comma-separated student, teacher, staff, parent (or none)');
    return [];
  }
  return [...new Set(list)] as AppConfig['secondFactorRoles'];
}

export function readAppConfig(env: Record<string, string | undefined>): AppConfig {
  const nodeEnv = (['development', 'test', 'production'] as const).includes(env.NODE_ENV as NodeEnv)
    ? (env.NODE_ENV as NodeEnv)
    : 'development';
  const r = new EnvReader(env, nodeEnv === 'production');
  if (env.NODE_ENV && env.NODE_ENV !== nodeEnv)
    r.problems.push('NODE_ENV: must be development, test or production');

  const base64Key = (v: string) => {
    const b = Buffer.from(v, 'base64');
    if (b.length !== 32) throw new Error('must be 32 bytes, base64-encoded');
    return v;
  };
  const piiKeys = r.string('PII_KEYS', DEV_PII_KEYS, { secret: true });
  r.parsed('PII_KEYS', piiKeys, (v) =>
    v.split(',').map((entry) => {
      const [kid, key, extra] = entry.split(':');
      if (!kid || !key || extra !== undefined || !/^[A-Za-z0-9_-]{1,16}$/.test(kid))
        throw new Error('must look like kid:base64key[,kid:base64key] (first is active)');
      return base64Key(key);
    }),
  );
  const blindIndexKey = r.string('BLIND_INDEX_KEY', DEV_BLIND_INDEX_KEY, { secret: true });
  r.parsed('BLIND_INDEX_KEY', blindIndexKey, base64Key);
  const guidKey = r.string('GUID_KEY', DEV_GUID_KEY, { secret: true });
  r.parsed('GUID_KEY', guidKey, base64Key);
  const cookieKeys = r.string('COOKIE_KEYS', DEV_COOKIE_KEYS, { secret: true }).split(',');
  if (cookieKeys.some((k) => k.length < 32))
    r.problems.push('COOKIE_KEYS: each key must be at least 32 characters');

  if (nodeEnv === 'production') {
    const refuse = (name: string) =>
      r.problems.push(`${name}: a published development key is refused in production`);
    if (env.PII_KEYS && piiKeys.split(',').some((entry) => isDevKey(entry.split(':')[1] ?? '')))
      refuse('PII_KEYS');
    if (env.BLIND_INDEX_KEY && isDevKey(blindIndexKey)) refuse('BLIND_INDEX_KEY');
    if (env.GUID_KEY && isDevKey(guidKey)) refuse('GUID_KEY');
    if (env.COOKIE_KEYS && cookieKeys.some(isDevCookieKey)) refuse('COOKIE_KEYS');
  }

  const issuer = r.url('ISSUER', 'http://localhost:3000', ['http:', 'https:']);
  if (nodeEnv === 'production' && issuer.protocol !== 'https:')
    r.problems.push('ISSUER: must be https in production');
  const captchaEnabled = r.bool('CAPTCHA_ENABLED', true);
  const devInbox = r.bool('DEV_INBOX', nodeEnv === 'development');
  if (nodeEnv === 'production' && devInbox)
    r.problems.push('DEV_INBOX: the development inbox is refused in production');
  if (nodeEnv === 'production' && !captchaEnabled)
    r.problems.push('CAPTCHA_ENABLED: cannot be false in production');

  const redisUrl = r.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']).toString();
  let sentinels: RedisConnection['sentinels'] = [];
  try {
    sentinels = parseSentinels(r.string('REDIS_SENTINELS', ''));
  } catch (e) {
    r.problems.push(`REDIS_SENTINELS: ${(e as Error).message} (want host:port,host:port)`);
  }
  // Tests start many apps side by side: one process each unless a test asks for more.
  const processes = nodeEnv === 'test' ? 1 : availableParallelism();

  const adminPort = r.int('ADMIN_PORT', 3001, 1, 65535);
  const config: AppConfig = {
    nodeEnv,
    production: nodeEnv === 'production',
    databaseUrl: r
      .url('DATABASE_URL', 'mysql://root@127.0.0.1:3306/edusso', ['mysql:', 'mariadb:'])
      .toString(),
    redisUrl,
    redis: {
      url: redisUrl,
      sentinels,
      sentinelName: r.string('REDIS_SENTINEL_NAME', 'mymaster'),
      sentinelPassword: r.string('REDIS_SENTINEL_PASSWORD', ''),
    },
    idpWorkers: r.int('IDP_WORKERS', processes, 1, 256),
    workerProcesses: r.int('WORKER_PROCESSES', processes, 1, 256),
    shutdownDrainMs: r.int('SHUTDOWN_DRAIN_MS', nodeEnv === 'test' ? 0 : 1000, 0, 60000),
    keepAliveTimeoutMs: r.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 65_000, 1000, 600_000),
    issuer: issuer.toString().replace(/\/$/, ''),
    idpPort: r.int('IDP_PORT', 3000, 1, 65535),
    adminPort,
    adminUrl: r
      .url('ADMIN_URL', `http://localhost:${adminPort}`, ['http:', 'https:'])
      .toString()
      .replace(/\/$/, ''),
    logLevel: r.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    piiKeys,
    blindIndexKey,
    guidKey,
    cookieKeys,
    passwordMinLength: r.int('PASSWORD_MIN_LENGTH', 8, 8, 64),
    argon2MemoryKiB: r.int('ARGON2_MEMORY_KIB', 19456, 1024, 1048576),
    captchaEnabled,
    trustProxy: r.bool('TRUST_PROXY', false),
    countyTimeoutMs: r.int('COUNTY_TIMEOUT_MS', 5000, 500, 30000),
    smtpUrl: r.url('SMTP_URL', 'smtp://127.0.0.1:1025', ['smtp:', 'smtps:']).toString(),
    mailFrom: r.string('MAIL_FROM', '教育雲端帳號 <no-reply@mail.edu.tw>'),
    seedDemo: r.bool('SEED_DEMO', nodeEnv === 'development'),
    devInbox,
    devInboxPort: r.int('DEV_INBOX_PORT', 3003, 1, 65535),
    redisPrefix: r.string('REDIS_PREFIX', 'edusso'),
    loginIpMaxFailures: r.int('LOGIN_IP_MAX_FAILURES', 500, 1, 1000000),
    loginIpCreditPerAccount: r.int('LOGIN_IP_CREDIT_PER_ACCOUNT', 5, 0, 1000),
    secondFactorRoles: secondFactorRoles(r, env.SECOND_FACTOR_ROLES),
    allowPrivateNetworkFetch: r.bool('ALLOW_PRIVATE_NETWORK_FETCH', nodeEnv !== 'production'),
    smsProvider: r.oneOf(
      'SMS_PROVIDER',
      ['log', 'mitake'] as const,
      nodeEnv === 'production' ? 'mitake' : 'log',
    ),
    smsGatewayUrl: r
      .url('SMS_GATEWAY_URL', 'https://smsapi.mitake.com.tw', ['http:', 'https:'])
      .toString()
      .replace(/\/$/, ''),
    smsUsername: r.string('SMS_USERNAME', ''),
    smsPassword: r.string('SMS_PASSWORD', ''),
    notificationRelayIntervalMs: r.int('NOTIFICATION_RELAY_INTERVAL_MS', 500, 50, 60000),
    notificationAttempts: r.int('NOTIFICATION_ATTEMPTS', 5, 1, 20),
    notificationBackoffMs: r.int('NOTIFICATION_BACKOFF_MS', 5000, 10, 3600000),
    notificationJobLockMs: r.int('NOTIFICATION_JOB_LOCK_MS', 30000, 1000, 600000),
  };
  if (config.production && config.smsProvider === 'mitake' && !config.smsGatewayUrl.startsWith('https:'))
    r.problems.push('SMS_GATEWAY_URL: must be https in production');
  if (!/^[A-Za-z0-9_.-]{1,48}$/.test(config.redisPrefix))
    r.problems.push('REDIS_PREFIX: letters, digits, _ . - only (1-48)');
  // Only the admin app uses it (its redirect and back-channel URIs); the other apps run without it.
  if (config.production && env.ADMIN_URL && !config.adminUrl.startsWith('https:'))
    r.problems.push('ADMIN_URL: must be https in production');
  if (config.idpPort === config.adminPort) r.problems.push('ADMIN_PORT: must differ from IDP_PORT');
  r.done();
  return config;
}
