import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import Bull from 'bull';
import { DataSource } from 'typeorm';
import {
  NotificationOutbox,
  NotificationOutboxEntity,
  NotificationsModule,
  type NotificationRequest,
} from '#notifications';
import {
  appEnv,
  identityCoreContext,
  RedisServerProcess,
  SmsGatewayStub,
  SmtpSink,
  startApp,
  type RunningApp,
  type TestContext,
} from '#test-support';

let seq = 0;
const RUN = Date.now().toString(36);

function mail(over: Partial<NotificationRequest> = {}): NotificationRequest {
  const n = ++seq;
  return {
    channel: 'email',
    to: `teacher${n}.${RUN}@example.edu.tw`,
    template: 'password-reset.code',
    locale: 'zh-TW',
    data: { code: String(100000 + n), minutes: '10' },
    idempotencyKey: `e2e:${RUN}:${n}`,
    ...over,
  };
}

function sms(over: Partial<NotificationRequest> = {}): NotificationRequest {
  const n = ++seq;
  return {
    channel: 'sms',
    to: `0912${String(100000 + n).slice(-6)}`,
    template: 'contact.verify-phone',
    locale: 'zh-TW',
    data: { code: String(200000 + n), minutes: '5' },
    idempotencyKey: `e2e:${RUN}:${n}`,
    ...over,
  };
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('worker: queues, retries, dead letters and faults (own redis-server, SMTP sink, SMS gateway)', () => {
  let t: TestContext;
  let redis: RedisServerProcess;
  let sink: SmtpSink;
  let gateway: SmsGatewayStub;
  let env: Record<string, string>;
  let worker: RunningApp;
  let outbox: NotificationOutbox;
  let ds: DataSource;

  before(async () => {
    [redis, sink, gateway] = await Promise.all([
      RedisServerProcess.start(),
      SmtpSink.start(),
      SmsGatewayStub.start(),
    ]);
    t = await identityCoreContext({ imports: [NotificationsModule] as never[] });
    outbox = t.app.get(NotificationOutbox);
    ds = t.app.get(DataSource);
    env = await appEnv(t.config.databaseUrl, {
      REDIS_URL: redis.url,
      SMTP_URL: sink.url,
      MAIL_FROM: 'edu-sso <no-reply@mail.edu.tw>',
      ...gateway.env(),
      NOTIFICATION_RELAY_INTERVAL_MS: '100',
      NOTIFICATION_BACKOFF_MS: '100',
      NOTIFICATION_JOB_LOCK_MS: '2000',
    });
    worker = await startApp('worker', env);
  });

  after(async () => {
    await worker?.stop('SIGKILL');
    await t?.close();
    await Promise.all([sink?.stop(), gateway?.stop(), redis?.kill()]);
  });

  /** The worker's record (the test context registers only the producer's entity). */
  async function delivery(
    idempotencyKey: string,
  ): Promise<{ status: string; attempts: number; lastError: string | null } | undefined> {
    const rows: { status: string; attempts: number; last_error: string | null }[] = await ds.query(
      'SELECT status, attempts, last_error FROM notification_deliveries WHERE idempotency_key = ?',
      [idempotencyKey],
    );
    return (
      rows[0] && { status: rows[0].status, attempts: Number(rows[0].attempts), lastError: rows[0].last_error }
    );
  }
  const outboxRow = (idempotencyKey: string) =>
    ds.getRepository(NotificationOutboxEntity).findOneBy({ idempotencyKey });

  it('delivers mail in zh-TW and English and SMS through the gateway', async () => {
    const zh = mail();
    const en = mail({
      locale: 'en',
      template: 'username.reminder',
      data: { name: 'Lin <Hua>', username: 'lin.hua', link: 'https://sso.example/signin?username=lin.hua' },
    });
    const text = sms();
    await ds.transaction(async (m) => {
      for (const r of [zh, en, text]) await outbox.enqueue(r, m);
    });

    const zhMail = await sink.waitFor(zh.to);
    assert.equal(zhMail.subject, '重設密碼驗證碼');
    assert.ok(zhMail.text.includes(`您重設密碼的驗證碼為：${zh.data.code}`));
    assert.ok(zhMail.text.includes('教育部及教育雲端帳號服務人員不會向您索取密碼或驗證碼'));
    const enMail = await sink.waitFor(en.to);
    assert.equal(enMail.subject, 'Your Education Cloud Account');
    assert.ok(
      enMail.text.includes('Dear Lin <Hua>,') &&
        enMail.text.includes('Your Education Cloud Account is: lin.hua'),
    );
    assert.ok(enMail.html.includes('Dear Lin &lt;Hua&gt;,'));

    const [received] = await gateway.waitFor(text.to);
    assert.deepEqual(
      {
        username: received.username,
        password: received.password,
        dstaddr: received.dstaddr,
        clientid: received.clientid,
        charset: received.charset,
      },
      {
        username: gateway.username,
        password: gateway.password,
        dstaddr: text.to,
        clientid: text.idempotencyKey,
        charset: 'UTF-8',
      },
    );
    assert.equal(
      received.smbody,
      `【教育雲端帳號】手機驗證碼 ${text.data.code}，5 分鐘內有效，請勿告訴他人。`,
    );
    await until('delivery records', async () => (await delivery(text.idempotencyKey))?.status === 'sent');
  });

  it('sends nothing for a message whose transaction rolled back', async () => {
    const lost = mail();
    const marker = mail();
    await assert.rejects(
      ds.transaction(async (m) => {
        await outbox.enqueue(lost, m);
        throw new Error('reset request failed');
      }),
    );
    await outbox.enqueue(marker);
    await sink.waitFor(marker.to);
    await sleep(200);
    assert.equal(sink.messagesTo(lost.to).length, 0);
    assert.equal(await outboxRow(lost.idempotencyKey), null);
  });

  it('retries after gateway failures, then delivers exactly once', async () => {
    const text = sms();
    gateway.failNext(1, { http: 502 });
    gateway.failNext(1, { statuscode: 'l' });
    await outbox.enqueue(text);
    await gateway.waitFor(text.to);
    await until('sent record', async () => (await delivery(text.idempotencyKey))?.status === 'sent');
    assert.equal((await delivery(text.idempotencyKey))?.attempts, 3);
    assert.equal(gateway.requests.filter((r) => r.dstaddr === text.to).length, 3);
    await sleep(300);
    assert.equal(gateway.messagesTo(text.to).length, 1);
  });

  it('dead-letters after the last attempt and keeps the failed job for inspection', async () => {
    const doomed = sms();
    const rejected = sms();
    gateway.failAlways({ http: 500 });
    await outbox.enqueue(doomed);
    await until('dead letter', async () => (await delivery(doomed.idempotencyKey))?.status === 'dead');
    gateway.reset();
    const d = await delivery(doomed.idempotencyKey);
    assert.equal(d?.attempts, 5);
    assert.equal(d?.lastError, 'sms gateway http 500');
    assert.equal(gateway.requests.filter((r) => r.dstaddr === doomed.to).length, 5);

    gateway.failNext(1, { statuscode: 'v' });
    await outbox.enqueue(rejected);
    await until(
      'permanent dead letter',
      async () => (await delivery(rejected.idempotencyKey))?.status === 'dead',
    );
    assert.equal((await delivery(rejected.idempotencyKey))?.attempts, 1, 'a permanent error is not retried');

    const queue = new Bull('sms', redis.url, { prefix: `{${env.REDIS_PREFIX}:bull}` });
    try {
      const failed = await queue.getFailed();
      const ids = failed.map((j) => String(j.id));
      assert.ok(ids.includes(doomed.idempotencyKey) && ids.includes(rejected.idempotencyKey));
      const job = failed.find((j) => j.id === doomed.idempotencyKey)!;
      assert.equal(job.attemptsMade, 5);
      assert.ok(!JSON.stringify(job.data).includes(doomed.data.code), 'the failed job holds no code');
    } finally {
      await queue.close();
    }
  });

  it('sends a key once, even if it is enqueued twice or relayed twice', async () => {
    const once = mail();
    await outbox.enqueue(once);
    await outbox.enqueue({ ...once, data: { code: '999999', minutes: '10' } });
    await sink.waitFor(once.to);
    await until('sent record', async () => (await delivery(once.idempotencyKey))?.status === 'sent');
    // As if a relay had crashed between adding the job and marking the row.
    await ds
      .getRepository(NotificationOutboxEntity)
      .update({ idempotencyKey: once.idempotencyKey }, { relayedAt: null });
    await until('relayed again', async () => (await outboxRow(once.idempotencyKey))?.relayedAt !== null);
    await sleep(500);
    const received = sink.messagesTo(once.to);
    assert.equal(received.length, 1);
    assert.ok(received[0].text.includes(once.data.code), 'the first request won');
  });

  it('a worker killed after the SMTP server accepted a mail sends it again, under the same Message-ID', async () => {
    const doubled = mail();
    // An open transaction holds the record's unique key, so the worker's INSERT after the send
    // waits on it: the kill lands between "accepted by SMTP" and "recorded as sent".
    const blocker = ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query(
        `INSERT INTO notification_deliveries (idempotency_key, channel, template, status, attempts)
         VALUES (?, 'email', ?, 'dead', 0)`,
        [doubled.idempotencyKey, doubled.template],
      );
      await outbox.enqueue(doubled);
      await sink.waitFor(doubled.to);
      let recording: { id: string }[] = [];
      await until('the worker recording the send', async () => {
        recording = await ds.query(
          `SELECT ID AS id FROM information_schema.PROCESSLIST
           WHERE DB = DATABASE() AND INFO LIKE 'INSERT INTO notification_deliveries%'`,
        );
        return recording.length > 0;
      });
      await worker.stop('SIGKILL');
      // The server would finish a dead client's statement once the lock is free; a crash before
      // the INSERT reached the database is what is meant, so end it there too.
      for (const { id } of recording) await ds.query(`KILL CONNECTION ${Number(id)}`);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }

    worker = await startApp('worker', env);
    await until('the retried send', () => sink.messagesTo(doubled.to).length === 2, 20_000);
    await until('sent record', async () => (await delivery(doubled.idempotencyKey))?.status === 'sent');
    const [first, second] = sink.messagesTo(doubled.to);
    assert.match(first.messageId, /^<[0-9a-f]{32}@mail\.edu\.tw>$/);
    assert.equal(second.messageId, first.messageId, 'mail clients show it once');
    assert.equal(second.text, first.text);
    await sleep(500);
    assert.equal(sink.messagesTo(doubled.to).length, 2, 'recorded now: no third send');
  });

  it('after a SIGKILL with jobs queued and in flight, a restarted worker delivers each message once', async () => {
    const batch = Array.from({ length: 8 }, () => mail());
    sink.hold(); // senders block inside SMTP DATA, so the kill lands mid-send
    for (const r of batch) await outbox.enqueue(r);
    await until('messages in flight', () => sink.heldCount() >= 3);
    assert.ok(sink.heldCount() < batch.length, 'some jobs are still waiting in the queue');
    await worker.stop('SIGKILL');
    await sleep(300);
    sink.release(); // the killed worker's connections are gone: those messages are dropped
    for (const r of batch) assert.equal(sink.messagesTo(r.to).length, 0);

    worker = await startApp('worker', env);
    for (const r of batch) await sink.waitFor(r.to, 20_000);
    await sleep(500);
    for (const r of batch) assert.equal(sink.messagesTo(r.to).length, 1, r.to);
  });

  it('delivers a reset mail written while Redis was down once Redis is back', async () => {
    await redis.kill();
    const reset = mail({
      template: 'password-reset.link',
      data: { link: 'https://sso.example.edu.tw/password/reset?t=abc', minutes: '30' },
    });
    // The reset request's transaction needs only MariaDB.
    await ds.transaction((m) => outbox.enqueue(reset, m));
    await sleep(1000);
    assert.equal((await outboxRow(reset.idempotencyKey))?.relayedAt, null, 'waits in the outbox');
    assert.equal(sink.messagesTo(reset.to).length, 0);

    await redis.restart();
    const received = await sink.waitFor(reset.to, 20_000);
    assert.equal(received.subject, '重設您的教育雲端帳號密碼');
    assert.ok(received.text.includes('https://sso.example.edu.tw/password/reset?t=abc'));
  });

  it('on SIGTERM finishes the message in flight and exits 0', async () => {
    const last = mail();
    sink.hold();
    await outbox.enqueue(last);
    await until('message in flight', () => sink.heldCount() === 1);
    const stopping = worker.stop('SIGTERM');
    await sleep(300);
    sink.release();
    assert.equal(await stopping, 0);
    assert.equal(sink.messagesTo(last.to).length, 1);
    assert.equal((await delivery(last.idempotencyKey))?.status, 'sent');
  });
});
