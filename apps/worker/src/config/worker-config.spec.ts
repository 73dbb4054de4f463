import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ioredisOptions, readAppConfig } from '#platform';
import { notificationDeliveryOptions, workerConfigProblems } from './worker-config.js';

const PROD = {
  NODE_ENV: 'production',
  ISSUER: 'https://sso.example.edu.tw',
  PII_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  BLIND_INDEX_KEY: Buffer.alloc(32, 3).toString('base64'),
  GUID_KEY: Buffer.alloc(32, 4).toString('base64'),
  COOKIE_KEYS: 'a-long-cookie-signing-key-of-more-than-32-chars',
};

describe('worker config', () => {
  it('logs SMS in development and sends nothing secret to the log in production', () => {
    const dev = readAppConfig({});
    assert.equal(dev.smsProvider, 'log');
    assert.deepEqual(workerConfigProblems(dev), []);
    assert.deepEqual(notificationDeliveryOptions(dev).sms, { provider: 'log', revealBodies: true });

    const prodLog = readAppConfig({ ...PROD, SMS_PROVIDER: 'log' });
    assert.deepEqual(workerConfigProblems(prodLog), []);
    assert.deepEqual(notificationDeliveryOptions(prodLog).sms, { provider: 'log', revealBodies: false });
  });

  it('uses the gateway in production unless log is chosen, and then needs its account', () => {
    const prod = readAppConfig(PROD);
    assert.equal(prod.smsProvider, 'mitake');
    assert.deepEqual(workerConfigProblems(prod), [
      'SMS_USERNAME: required when SMS_PROVIDER is mitake',
      'SMS_PASSWORD: required when SMS_PROVIDER is mitake',
    ]);
    const ok = readAppConfig({ ...PROD, SMS_USERNAME: 'u', SMS_PASSWORD: 'p' });
    assert.deepEqual(workerConfigProblems(ok), []);
    assert.deepEqual(notificationDeliveryOptions(ok).sms, {
      provider: 'mitake',
      gatewayUrl: 'https://smsapi.mitake.com.tw',
      username: 'u',
      password: 'p',
    });
    assert.throws(
      () => readAppConfig({ ...PROD, SMS_GATEWAY_URL: 'http://sms.example.com/' }),
      /SMS_GATEWAY_URL: must be https in production/,
    );
  });

  it('prefixes the queues per deployment and passes the retry settings', () => {
    const c = readAppConfig({
      REDIS_PREFIX: 'school-a',
      NOTIFICATION_ATTEMPTS: '3',
      NOTIFICATION_BACKOFF_MS: '250',
      NOTIFICATION_RELAY_INTERVAL_MS: '1000',
      NOTIFICATION_JOB_LOCK_MS: '5000',
    });
    const o = notificationDeliveryOptions(c);
    assert.equal(o.queuePrefix, '{school-a:bull}');
    assert.deepEqual(o.retry, { attempts: 3, backoffMs: 250 });
    assert.deepEqual(o.relay, { poll: true, intervalMs: 1000, replicasToAck: 0 });
    assert.equal(o.jobLockMs, 5000);
    assert.deepEqual(o.redis.sentinels, []);
  });

  it('with Sentinels, queues ask them for the primary and relayed jobs wait for a replica', () => {
    const o = notificationDeliveryOptions(
      readAppConfig({
        REDIS_URL: 'redis://:pw@ignored:6379/2',
        REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26379,[::1]:26380',
        REDIS_SENTINEL_NAME: 'edusso',
      }),
    );
    assert.equal(o.relay.replicasToAck, 1);
    const r = ioredisOptions(o.redis);
    assert.deepEqual(r.sentinels, [
      { host: '10.0.0.1', port: 26379 },
      { host: '10.0.0.2', port: 26379 },
      { host: '::1', port: 26380 },
    ]);
    assert.equal(r.name, 'edusso');
    assert.equal(r.db, 2);
    assert.equal(r.password, 'pw');
    assert.equal(r.host, undefined, 'the primary comes from the Sentinels, not the URL');
    assert.throws(() => readAppConfig({ REDIS_SENTINELS: '10.0.0.1' }), /REDIS_SENTINELS: not host:port/);
    assert.throws(() => readAppConfig({ REDIS_SENTINELS: 'a:99999' }), /REDIS_SENTINELS/);
    assert.throws(
      () => readAppConfig({ SMS_PROVIDER: 'twilio' }),
      /SMS_PROVIDER: must be one of log, mitake/,
    );
  });
});
