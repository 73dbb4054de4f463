import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { ValidationFailed } from '#identity-core';
import {
  DeliverNotificationUseCase,
  NotificationDeliveryEntity,
  NotificationDeliveryModule,
  NotificationOutbox,
  NotificationOutboxEntity,
  NotificationQueues,
  NotificationsModule,
  OutboxRelay,
  type NotificationEnvelope,
  type NotificationRequest,
} from '#notifications';
import { identityCoreContext, SmsGatewayStub, SmtpSink, type TestContext } from '#test-support';

const PREFIX = `tn${randomBytes(5).toString('hex')}`;
let seq = 0;
const key = (what: string) => `${what}:${PREFIX}:${++seq}`;

function mailRequest(over: Partial<NotificationRequest> = {}): NotificationRequest {
  return {
    channel: 'email',
    to: `user${++seq}@example.edu.tw`,
    template: 'password-reset.code',
    locale: 'zh-TW',
    data: { code: '731942', minutes: '10' },
    idempotencyKey: key('mail'),
    ...over,
  };
}

function smsRequest(over: Partial<NotificationRequest> = {}): NotificationRequest {
  return {
    channel: 'sms',
    to: `09${String(10_000_000 + ++seq).slice(-8)}`,
    template: 'contact.verify-phone',
    locale: 'zh-TW',
    data: { code: '508211', minutes: '5' },
    idempotencyKey: key('sms'),
    ...over,
  };
}

describe('notifications: outbox, relay and delivery (MariaDB + Redis + SMTP + SMS gateway)', () => {
  let t: TestContext;
  let sink: SmtpSink;
  let gateway: SmsGatewayStub;
  let outbox: NotificationOutbox;
  let relay: OutboxRelay;
  let queues: NotificationQueues;
  let deliver: DeliverNotificationUseCase;
  let ds: DataSource;

  before(async () => {
    sink = await SmtpSink.start();
    gateway = await SmsGatewayStub.start();
    t = await identityCoreContext({
      env: { REDIS_PREFIX: PREFIX },
      imports: [
        NotificationsModule,
        NotificationDeliveryModule.forRootAsync({
          useFactory: () => ({
            redis: { url: 'redis://127.0.0.1:6379' },
            queuePrefix: `{${PREFIX}:bull}`,
            smtpUrl: sink.url,
            mailFrom: 'edu-sso <no-reply@mail.edu.tw>',
            sms: {
              provider: 'mitake',
              gatewayUrl: gateway.url,
              username: gateway.username,
              password: gateway.password,
            },
            relay: { poll: false, intervalMs: 100 },
            retry: { attempts: 3, backoffMs: 10 },
            jobLockMs: 5000,
          }),
        }),
      ] as never[],
    });
    outbox = t.app.get(NotificationOutbox);
    relay = t.app.get(OutboxRelay);
    queues = t.app.get(NotificationQueues);
    deliver = t.app.get(DeliverNotificationUseCase);
    ds = t.app.get(DataSource);
    // Wait for the queue connections before the first relay.
    for (let i = 0; i < 100 && !queues.connected(); i++) await new Promise((r) => setTimeout(r, 20));
  });

  after(async () => {
    const keys = await queues.email.client.keys(`{${PREFIX}:bull}:*`);
    if (keys.length) await queues.email.client.del(...keys);
    await t?.close();
    await sink?.stop();
    await gateway?.stop();
  });

  beforeEach(() => gateway.reset());

  const outboxRows = (idempotencyKey: string) =>
    ds.getRepository(NotificationOutboxEntity).findBy({ idempotencyKey });
  const delivery = (idempotencyKey: string) =>
    ds.getRepository(NotificationDeliveryEntity).findOneBy({ idempotencyKey });

  /** Relays, then returns the job Bull holds for this request. */
  async function queued(request: NotificationRequest): Promise<NotificationEnvelope> {
    await relay.relayOnce();
    const job = await queues.queue(request.channel).getJob(request.idempotencyKey);
    assert.ok(job, 'job queued under the idempotency key');
    return job.data;
  }

  it('writes nothing when the producer transaction rolls back', async () => {
    const request = mailRequest();
    await assert.rejects(
      ds.transaction(async (m) => {
        await outbox.enqueue(request, m);
        throw new Error('account change failed');
      }),
      /account change failed/,
    );
    assert.deepEqual(await outboxRows(request.idempotencyKey), []);
    await relay.relayOnce();
    assert.equal(await queues.email.getJob(request.idempotencyKey), null);
  });

  it('refuses a request no template can render, in the producer', async () => {
    await assert.rejects(outbox.enqueue(smsRequest({ to: '02-2737-7777' })), ValidationFailed);
    await assert.rejects(outbox.enqueue(mailRequest({ data: { code: '1' } })), ValidationFailed);
  });

  it('relays a committed row to Bull once, sealed, with the idempotency key as job id', async () => {
    const request = mailRequest();
    await ds.transaction((m) => outbox.enqueue(request, m));
    await outbox.enqueue(request); // same key again: ignored
    const [row] = await outboxRows(request.idempotencyKey);
    assert.equal((await outboxRows(request.idempotencyKey)).length, 1);
    assert.equal(row.relayedAt, null);

    const envelope = await queued(request);
    assert.deepEqual(Object.keys(envelope).sort(), [
      'channel',
      'idempotencyKey',
      'outboxId',
      'sealed',
      'version',
    ]);
    assert.equal(envelope.version, 1);
    assert.equal(envelope.outboxId, String(row.id));
    const raw = JSON.stringify(envelope);
    assert.ok(!raw.includes(request.to) && !raw.includes('731942'), 'no address or code in Redis');
    const job = await queues.email.getJob(request.idempotencyKey);
    assert.equal(job!.opts.attempts, 3);
    assert.deepEqual(job!.opts.backoff, { type: 'exponential', delay: 10 });
    assert.ok((await outboxRows(request.idempotencyKey))[0].relayedAt);

    // A relay that crashed after adding the job but before marking the row adds it again: Bull keeps one.
    await ds.getRepository(NotificationOutboxEntity).update({ id: row.id }, { relayedAt: null });
    assert.equal(await relay.relayOnce(), 1);
    const counts = await queues.email.getJobCounts();
    assert.equal(counts.waiting + counts.active + counts.delayed, 1);
  });

  it('delivers a mail once per idempotency key, in zh-TW and English', async () => {
    const zh = mailRequest();
    const en = mailRequest({
      locale: 'en',
      template: 'password-reset.link',
      data: { link: 'https://sso.example.edu.tw/reset?t=a&b=<1>', minutes: '30' },
    });
    await outbox.enqueue(zh);
    await outbox.enqueue(en);
    const zhEnvelope = await queued(zh);
    const enEnvelope = await queued(en);

    assert.equal(
      (await deliver.execute({ envelope: zhEnvelope, attempt: 1, maxAttempts: 3 })).status,
      'sent',
    );
    assert.equal(
      (await deliver.execute({ envelope: enEnvelope, attempt: 1, maxAttempts: 3 })).status,
      'sent',
    );
    const zhMail = await sink.waitFor(zh.to);
    assert.equal(zhMail.subject, '重設密碼驗證碼');
    assert.ok(
      zhMail.text.includes('731942') &&
        zhMail.text.includes('教育部及教育雲端帳號服務人員不會向您索取密碼或驗證碼'),
    );
    assert.equal(zhMail.from, 'no-reply@mail.edu.tw');
    assert.match(zhMail.messageId, /^<[0-9a-f]{32}@mail\.edu\.tw>$/);
    const enMail = await sink.waitFor(en.to);
    assert.equal(enMail.subject, 'Reset your Education Cloud Account password');
    assert.ok(enMail.text.includes('https://sso.example.edu.tw/reset?t=a&b=<1>'));
    assert.ok(enMail.html.includes('href="https://sso.example.edu.tw/reset?t=a&amp;b=&lt;1&gt;"'));
    assert.ok(enMail.text.includes('never ask for your password or codes'));

    // The same job again (a retry, a duplicate job): recorded as sent, so nothing is sent.
    assert.deepEqual(await deliver.execute({ envelope: zhEnvelope, attempt: 2, maxAttempts: 3 }), {
      status: 'skipped',
      previous: 'sent',
    });
    assert.equal(sink.messagesTo(zh.to).length, 1);
    const d = await delivery(zh.idempotencyKey);
    assert.equal(d?.status, 'sent');
    assert.equal(d?.channel, 'email');
    assert.equal(d?.template, 'password-reset.code');
    assert.equal(d?.attempts, 1);
    assert.ok(d?.sentAt && d.providerMessageId);
  });

  it('a mail accepted but never recorded is sent again on retry, under the same Message-ID', async () => {
    const request = mailRequest();
    const other = mailRequest();
    await outbox.enqueue(request);
    await outbox.enqueue(other);
    const envelope = await queued(request);
    assert.equal((await deliver.execute({ envelope, attempt: 1, maxAttempts: 3 })).status, 'sent');
    // The worker died between the SMTP server's "250 accepted" and the commit of its record.
    await ds.getRepository(NotificationDeliveryEntity).delete({ idempotencyKey: request.idempotencyKey });
    assert.equal((await deliver.execute({ envelope, attempt: 2, maxAttempts: 3 })).status, 'sent');
    assert.equal(
      (await deliver.execute({ envelope: await queued(other), attempt: 1, maxAttempts: 3 })).status,
      'sent',
    );

    const [first, second] = sink.messagesTo(request.to);
    assert.equal(sink.messagesTo(request.to).length, 2, 'at least once inside that window');
    assert.match(first.messageId, /^<[0-9a-f]{32}@mail\.edu\.tw>$/);
    assert.equal(second.messageId, first.messageId, 'mail clients see one message');
    assert.notEqual(
      (await sink.waitFor(other.to)).messageId,
      first.messageId,
      'one Message-ID per notification',
    );
    assert.equal((await delivery(request.idempotencyKey))?.attempts, 2);
  });

  it('sends SMS in the Mitake SmSend format', async () => {
    const request = smsRequest({ idempotencyKey: key('s') });
    await outbox.enqueue(request);
    const outcome = await deliver.execute({ envelope: await queued(request), attempt: 1, maxAttempts: 3 });
    assert.equal(outcome.status, 'sent');
    const [sms] = gateway.messagesTo(request.to);
    assert.equal(sms.username, gateway.username);
    assert.equal(sms.password, gateway.password);
    assert.equal(sms.dstaddr, request.to);
    assert.equal(sms.smbody, '【教育雲端帳號】手機驗證碼 508211，5 分鐘內有效，請勿告訴他人。');
    assert.equal(sms.clientid, request.idempotencyKey);
    assert.equal(sms.charset, 'UTF-8');
    assert.match(sms.contentType, /^application\/x-www-form-urlencoded/);
    assert.equal(outcome.status === 'sent' && outcome.providerMessageId, sms.msgid);
  });

  it('retries transient gateway failures and dead-letters after the last attempt or a permanent error', async () => {
    const flaky = smsRequest();
    await outbox.enqueue(flaky);
    const envelope = await queued(flaky);
    gateway.failNext(1, { http: 503 });
    gateway.failNext(1, { statuscode: '*' });
    assert.deepEqual(await deliver.execute({ envelope, attempt: 1, maxAttempts: 3 }), {
      status: 'retry',
      error: 'sms gateway http 503',
    });
    assert.deepEqual(await deliver.execute({ envelope, attempt: 2, maxAttempts: 3 }), {
      status: 'retry',
      error: 'sms gateway statuscode *: gateway system error',
    });
    assert.equal((await deliver.execute({ envelope, attempt: 3, maxAttempts: 3 })).status, 'sent');
    assert.equal(gateway.messagesTo(flaky.to).length, 1);
    assert.equal((await delivery(flaky.idempotencyKey))?.attempts, 3);

    const exhausted = smsRequest();
    await outbox.enqueue(exhausted);
    const e2 = await queued(exhausted);
    gateway.failAlways({ http: 500 });
    assert.equal((await deliver.execute({ envelope: e2, attempt: 3, maxAttempts: 3 })).status, 'dead');
    gateway.reset();
    assert.deepEqual(await deliver.execute({ envelope: e2, attempt: 1, maxAttempts: 3 }), {
      status: 'skipped',
      previous: 'dead',
    });
    assert.equal(gateway.messagesTo(exhausted.to).length, 0);

    const rejected = smsRequest();
    await outbox.enqueue(rejected);
    gateway.failNext(1, { statuscode: 'v' });
    const outcome = await deliver.execute({ envelope: await queued(rejected), attempt: 1, maxAttempts: 3 });
    assert.deepEqual(outcome, { status: 'dead', error: 'sms gateway statuscode v: invalid mobile number' });
    const d = await delivery(rejected.idempotencyKey);
    assert.equal(d?.status, 'dead');
    assert.equal(d?.attempts, 1);
    assert.ok(!d?.lastError?.includes('508211') && !d?.lastError?.includes(rejected.to));
  });

  it('dead-letters a mail the SMTP server refuses for good, and an envelope it cannot open', async () => {
    const request = mailRequest({ to: 'nobody@example.edu.tw' });
    sink.rejected.add(request.to);
    await outbox.enqueue(request);
    const envelope = await queued(request);
    assert.deepEqual(await deliver.execute({ envelope, attempt: 1, maxAttempts: 3 }), {
      status: 'dead',
      error: 'smtp EENVELOPE 550',
    });
    assert.equal(sink.messagesTo(request.to).length, 0);

    const tampered = { ...envelope, idempotencyKey: key('tampered') };
    assert.deepEqual(await deliver.execute({ envelope: tampered, attempt: 1, maxAttempts: 3 }), {
      status: 'dead',
      error: 'notification_unreadable: mismatch',
    });
    const unsealed = { ...envelope, idempotencyKey: key('unsealed'), sealed: 'v1:nonsense' };
    assert.deepEqual(await deliver.execute({ envelope: unsealed, attempt: 1, maxAttempts: 3 }), {
      status: 'dead',
      error: 'notification_unreadable: undecryptable',
    });
    const future = {
      ...envelope,
      idempotencyKey: key('future'),
      version: 2,
    } as unknown as NotificationEnvelope;
    assert.equal((await deliver.execute({ envelope: future, attempt: 1, maxAttempts: 3 })).status, 'dead');
  });
});
