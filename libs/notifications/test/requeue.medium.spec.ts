import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import {
  DeliverNotificationUseCase,
  ListFailedNotificationsUseCase,
  NotificationAdminModule,
  NotificationDeliveryModule,
  NotificationOutbox,
  NotificationQueues,
  NotificationsModule,
  OutboxRelay,
  RequeueAllNotificationsUseCase,
  RequeueNotificationUseCase,
  type NotificationEnvelope,
  type NotificationRequest,
} from '#notifications';
import { identityCoreContext, runCli, SmtpSink, type TestContext } from '#test-support';

const PREFIX = `tq${randomBytes(5).toString('hex')}`;
let n = 0;

function mail(to: string): NotificationRequest {
  return {
    channel: 'email',
    to,
    template: 'password-reset.code',
    locale: 'zh-TW',
    data: { code: '731942', minutes: '10' },
    idempotencyKey: `reset:${PREFIX}:${++n}`,
  };
}

const until = async (what: string, check: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('notifications: dead letters listed and requeued (MariaDB + Redis + SMTP)', () => {
  let t: TestContext;
  let sink: SmtpSink;
  let ds: DataSource;
  let queues: NotificationQueues;
  let relay: OutboxRelay;
  let outbox: NotificationOutbox;
  const status = async (key: string) =>
    ((await ds.query('SELECT status FROM notification_deliveries WHERE idempotency_key = ?', [key]))[0]
      ?.status as string | undefined) ?? null;

  before(async () => {
    sink = await SmtpSink.start();
    const redis = { url: 'redis://127.0.0.1:6379' };
    t = await identityCoreContext({
      env: { REDIS_PREFIX: PREFIX },
      imports: [
        NotificationsModule,
        NotificationDeliveryModule.forRootAsync({
          useFactory: () => ({
            redis,
            queuePrefix: `{${PREFIX}:bull}`,
            smtpUrl: sink.url,
            mailFrom: 'edu-sso <no-reply@mail.edu.tw>',
            sms: { provider: 'log', revealBodies: false },
            relay: { poll: false, intervalMs: 100 },
            retry: { attempts: 2, backoffMs: 10 },
            jobLockMs: 5000,
          }),
        }),
        NotificationAdminModule.forRootAsync({
          useFactory: () => ({ redis, queuePrefix: `{${PREFIX}:bull}` }),
        }),
      ] as never[],
    });
    ds = t.app.get(DataSource);
    queues = t.app.get(NotificationQueues);
    relay = t.app.get(OutboxRelay);
    outbox = t.app.get(NotificationOutbox);
    for (let i = 0; i < 100 && !queues.connected(); i++) await new Promise((r) => setTimeout(r, 20));
    // The worker's consumer, as apps/worker runs it (runDeliveryJob).
    const deliver = t.app.get(DeliverNotificationUseCase);
    void queues.email.process(2, async (job: Job<NotificationEnvelope>) => {
      const outcome = await deliver.execute({
        envelope: job.data,
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
      });
      if (outcome.status === 'retry') throw new Error(outcome.error);
      if (outcome.status === 'dead') {
        job.discard();
        throw new Error(`dead letter: ${outcome.error}`);
      }
      return outcome;
    });
  });

  after(async () => {
    const keys = await queues.email.client.keys(`{${PREFIX}:bull}:*`);
    if (keys.length) await queues.email.client.del(...keys);
    await t?.close();
    await sink?.stop();
  });

  /** A mail the server refuses for good: dead-lettered at once, its job in Bull's failed list. */
  async function deadLetter(): Promise<NotificationRequest> {
    const to = `bounce${++n}@example.edu.tw`;
    sink.rejected.add(to);
    const request = mail(to);
    await outbox.enqueue(request);
    await relay.relayOnce();
    await until('the dead letter', async () => (await status(request.idempotencyKey)) === 'dead');
    await until('the failed job', async () =>
      Boolean(await queues.email.getJob(request.idempotencyKey).then((j) => j?.isFailed())),
    );
    return request;
  }

  it('lists a dead letter with its error, once, and never the address or the code', async () => {
    const request = await deadLetter();
    const r = await t.app.get(ListFailedNotificationsUseCase).execute();
    const mine = r.items.filter((i) => i.key === request.idempotencyKey);
    assert.equal(mine.length, 1, 'the failed Bull job is not listed a second time');
    assert.equal(mine[0].state, 'dead');
    assert.equal(mine[0].channel, 'email');
    assert.equal(mine[0].template, 'password-reset.code');
    assert.match(mine[0].error ?? '', /5\d\d/);
    assert.ok(r.depth && r.depth.email.failed >= 1);
    const text = JSON.stringify(r);
    assert.ok(!text.includes(request.to) && !text.includes('731942'));
  });

  it('requeues a dead letter through the outbox: sent once, audited, and never again', async () => {
    const request = await deadLetter();
    sink.rejected.delete(request.to);
    const requeue = t.app.get(RequeueNotificationUseCase);
    // Two operators at once: one requeue wins.
    const both = await Promise.allSettled([
      requeue.execute({ key: request.idempotencyKey, actor: 'admin:a', reason: 'mailbox fixed' }),
      requeue.execute({ key: request.idempotencyKey, actor: 'admin:b' }),
    ]);
    assert.equal(both.filter((x) => x.status === 'fulfilled').length, 1);
    // Either may win the race; the audit names the one that did, with its reason.
    const [winner, winnerReason] =
      both[0]!.status === 'fulfilled' ? ['admin:a', 'mailbox fixed'] : ['admin:b', undefined];
    const refused = both.find((x) => x.status === 'rejected') as PromiseRejectedResult;
    assert.equal(refused.reason.code, 'requeue_already_requeued');
    assert.equal(await status(request.idempotencyKey), 'requeued');
    assert.equal(await queues.email.getJob(request.idempotencyKey), null, 'the old failed job left the list');

    await relay.relayOnce();
    await sink.waitFor(request.to);
    await until('sent', async () => (await status(request.idempotencyKey)) === 'sent');
    assert.ok(await queues.email.getJob(`${request.idempotencyKey}#1`));

    // A stale copy of the first job (say, retried by hand in a queue tool) sends nothing.
    await queues.email.add(
      { ...(await queues.email.getJob(`${request.idempotencyKey}#1`))!.data, generation: undefined },
      { jobId: `${request.idempotencyKey}-stale` },
    );
    await assert.rejects(requeue.execute({ key: request.idempotencyKey, actor: 'admin:a' }), {
      code: 'requeue_already_sent',
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(sink.messagesTo(request.to).length, 1, 'sent exactly once');

    const [audit] = await ds.query(
      `SELECT actor, target, details FROM audit_events WHERE action = 'notification.requeue'`,
    );
    assert.equal(audit.actor, winner);
    assert.equal(audit.target, `notification:${request.idempotencyKey}`);
    const details = typeof audit.details === 'string' ? JSON.parse(audit.details) : audit.details;
    assert.deepEqual(details, {
      channel: 'email',
      generation: 1,
      ...(winnerReason ? { reason: winnerReason } : {}),
    });
  });

  it('rebuilds a pruned outbox row from the failed job, and a second failure dead-letters again', async () => {
    const request = await deadLetter();
    await ds.query('DELETE FROM notification_outbox WHERE idempotency_key = ?', [request.idempotencyKey]);
    const r = await t.app
      .get(RequeueNotificationUseCase)
      .execute({ key: request.idempotencyKey, actor: 'admin:a' });
    assert.equal(r.generation, 1);
    await relay.relayOnce();
    // Still refused by the server: dead again, and requeue-able again as generation 2.
    await until('dead again', async () => (await status(request.idempotencyKey)) === 'dead');
    sink.rejected.delete(request.to);
    assert.equal(
      (await t.app.get(RequeueNotificationUseCase).execute({ key: request.idempotencyKey, actor: 'admin:a' }))
        .generation,
      2,
    );
    await relay.relayOnce();
    await sink.waitFor(request.to);
    await until('sent', async () => (await status(request.idempotencyKey)) === 'sent');
  });

  it('refuses unknown and malformed keys; --all requeues every dead letter; the CLI lists and requeues', async () => {
    const requeue = t.app.get(RequeueNotificationUseCase);
    await assert.rejects(requeue.execute({ key: 'nope:1', actor: 'a' }), { code: 'not_found' });
    await assert.rejects(requeue.execute({ key: 'bad key', actor: 'a' }), { code: 'validation_failed' });
    const a = await deadLetter();
    const b = await deadLetter();
    const env = { DATABASE_URL: t.config.databaseUrl, REDIS_PREFIX: PREFIX };
    const listed = runCli(env, 'notifications:dead', '--json');
    assert.equal(listed.code, 0, listed.err);
    const keys = JSON.parse(listed.out).items.map((i: { key: string }) => i.key);
    assert.ok(keys.includes(a.idempotencyKey) && keys.includes(b.idempotencyKey));
    const one = runCli(env, 'notifications:requeue', a.idempotencyKey, '--reason', 'retry');
    assert.equal(one.code, 0, one.err);
    assert.match(one.out, /requeued .* \(requeue 1\)/);
    const again = runCli(env, 'notifications:requeue', a.idempotencyKey);
    assert.equal(again.code, 1);
    assert.match(again.err, /already requeued/);
    assert.equal(runCli(env, 'notifications:requeue').code, 2);
    const all = await t.app.get(RequeueAllNotificationsUseCase).execute({ actor: 'admin:a' });
    assert.ok(all.requeued.some((x) => x.key === b.idempotencyKey));
    assert.ok(!all.requeued.some((x) => x.key === a.idempotencyKey));
    assert.equal(await status(b.idempotencyKey), 'requeued');
  });
});
