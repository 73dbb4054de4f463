import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { NotificationOutbox, NotificationsModule, type NotificationRequest } from '#notifications';
import { RedisSentinelSet, SmtpSink, startApp, type RunningApp } from '#test-support';
import { passwordLogin, type LoginTarget } from '../../bench/lib/flows.js';
import { ScaleHarness, STUDENT } from './scale-harness.js';

const RUN = Date.now().toString(36);
let seq = 0;
function mail(): NotificationRequest {
  const n = ++seq;
  return {
    channel: 'email',
    to: `failover${n}.${RUN}@example.edu.tw`,
    template: 'password-reset.code',
    locale: 'zh-TW',
    data: { code: String(100000 + n), minutes: '10' },
    idempotencyKey: `failover:${RUN}:${n}`,
  };
}

describe('Redis Sentinel: the primary fails over mid-traffic', () => {
  const h = new ScaleHarness();
  let redis: RedisSentinelSet;
  let sink: SmtpSink;
  let worker: RunningApp;
  let target: LoginTarget;

  before(async () => {
    [redis, sink] = await Promise.all([RedisSentinelSet.start(), SmtpSink.start()]);
    await h.start(
      {
        // The URL's host is not used with Sentinels (they name the primary); its db number is.
        REDIS_URL: 'redis://sentinel-managed:6379/0',
        REDIS_SENTINELS: redis.sentinelList,
        REDIS_SENTINEL_NAME: redis.name,
        SMTP_URL: sink.url,
        NOTIFICATION_RELAY_INTERVAL_MS: '100',
        NOTIFICATION_BACKOFF_MS: '200',
        NOTIFICATION_JOB_LOCK_MS: '2000',
      },
      [NotificationsModule] as never[],
    );
    // Two consumers (WORKER_PROCESSES): Bull hands each job to one of them, failover or not.
    [h.idp, worker] = await Promise.all([
      startApp('idp', h.env),
      startApp('worker', { ...h.env, WORKER_PROCESSES: '2' }),
    ]);
    target = await h.loginTarget(h.idp.url);
  });
  after(async () => {
    await worker?.stop('SIGKILL');
    await h.stop();
    await Promise.all([sink?.stop(), redis?.stop()]);
  });

  it('logins resume within 10 s without a restart, and every queued mail is sent exactly once', async () => {
    const outbox = h.ctx.app.get(NotificationOutbox);
    const login = () => passwordLogin(target, { login: STUDENT.username, password: STUDENT.password });
    await login(); // all well before the failure

    const sent: NotificationRequest[] = [];
    const sentAt: number[] = [];
    let running = true;
    const producer = (async () => {
      while (running) {
        const m = mail();
        await outbox.enqueue(m); // MySQL: the outbox takes it whatever Redis is doing
        sent.push(m);
        sentAt.push(Date.now());
        await sleep(50);
      }
    })();
    await sleep(1000);

    await redis.primary.kill();
    const killedAt = Date.now();
    let recoveredAt = 0;
    let failed = 0;
    let lastError = '';
    const serverErrors: string[] = [];
    try {
      while (Date.now() - killedAt < 30_000) {
        try {
          await login();
          recoveredAt = Date.now();
          break;
        } catch (e) {
          failed++;
          lastError = (e as Error).message.slice(0, 200);
          // An outage is "try again" (503), never "something is broken" (500).
          if (/HTTP 5\d\d/.test(lastError) && !/HTTP 503/.test(lastError)) serverErrors.push(lastError);
          await sleep(100);
        }
      }
    } finally {
      if (!recoveredAt) running = false;
    }
    const seconds = (recoveredAt - killedAt) / 1000;
    process.stdout.write(`# failover: logins back after ${seconds} s (${failed} failed tries)\n`);
    assert.deepEqual(serverErrors, [], 'failed tries during the failover answered 503, not another 5xx');
    assert.ok(
      recoveredAt > 0,
      `logins did not resume in 30 s; last error: ${lastError}; primary now ${await redis.currentPrimary()}; idp said: ${h.idp.output().slice(-1500)}`,
    );
    assert.ok(seconds <= 10, `logins resumed after ${seconds} s`);
    for (let i = 0; i < 3; i++) await login(); // and they stay back

    await sleep(1000);
    running = false;
    await producer;
    const missing = () => sent.filter((m) => sink.messagesTo(m.to).length === 0);
    const deadline = Date.now() + 40_000;
    while (missing().length && Date.now() < deadline) await sleep(200);
    if (missing().length) {
      const keys = missing().map((m) => m.idempotencyKey);
      const rows: unknown[] = await h.ctx.app.get(DataSource).query(
        `SELECT o.idempotency_key, o.relayed_at, o.attempts, d.status, d.attempts AS tries, d.last_error
           FROM notification_outbox o LEFT JOIN notification_deliveries d USING (idempotency_key)
           WHERE o.idempotency_key IN (?)`,
        [keys],
      );
      assert.fail(
        `${keys.length} of ${sent.length} mails not delivered: ${JSON.stringify(rows)}; ` +
          `primary ${await redis.currentPrimary()}; worker said: ${worker.output().slice(-2000)}`,
      );
    }
    await sleep(2000); // room for a duplicate to show up
    const counts = sent.map((m) => sink.messagesTo(m.to).length);
    assert.deepEqual(
      counts.filter((c) => c !== 1),
      [],
      `${sent.length} mails queued around the failover, each delivered once`,
    );
    assert.ok(
      sentAt.some((t) => t < killedAt) && sentAt.some((t) => t > killedAt && t < recoveredAt),
      `mails were queued before and during the failover (${sent.length} in all)`,
    );
  });
});
