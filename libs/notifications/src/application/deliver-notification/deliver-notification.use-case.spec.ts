import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { FixedClock } from '#identity-core';
import type { NotificationEnvelope, NotificationJob } from '../../notification.types.js';
import { NotificationUnreadable } from '../../queues/notification-envelope.codec.js';
import { DeliveryFailed } from '../../senders/delivery-failed.js';
import type { OutgoingMail, SendReceipt } from '../../senders/mail-sender.js';
import type { OutgoingSms } from '../../senders/sms-sender.js';
import { DeliverNotificationUseCase } from './deliver-notification.use-case.js';

const JOB: NotificationJob = {
  version: 1,
  outboxId: '1',
  channel: 'sms',
  to: '0912345678',
  template: 'password-reset.code',
  locale: 'zh-TW',
  data: { code: '482913', minutes: '10' },
  idempotencyKey: 'reset:1',
};
const ENVELOPE: NotificationEnvelope = {
  version: 1,
  outboxId: '1',
  idempotencyKey: 'reset:1',
  channel: 'sms',
  sealed: 'x',
};

class FakeDeliveries {
  rows = new Map<string, { status: 'sent' | 'dead'; attempts: number; lastError?: string }>();
  failWrites = 0;
  async find(key: string) {
    return this.rows.get(key) ?? null;
  }
  async recordSent(f: { idempotencyKey: string; attempts: number }) {
    if (this.failWrites-- > 0) throw new Error('db down');
    this.rows.set(f.idempotencyKey, { status: 'sent', attempts: f.attempts });
  }
  async recordDead(f: { idempotencyKey: string; attempts: number; lastError: string }) {
    this.rows.set(f.idempotencyKey, { status: 'dead', attempts: f.attempts, lastError: f.lastError });
  }
}

class FakeSender {
  sent: (OutgoingMail | OutgoingSms)[] = [];
  failures: Error[] = [];
  async send(m: OutgoingMail | OutgoingSms): Promise<SendReceipt> {
    const f = this.failures.shift();
    if (f) throw f;
    this.sent.push(m);
    return { providerMessageId: `id-${this.sent.length}` };
  }
}

class QuickRetries extends DeliverNotificationUseCase {
  protected override readonly recordRetryDelaysMs = [1, 1];
}

describe('DeliverNotificationUseCase (fakes)', () => {
  let deliveries: FakeDeliveries;
  let sms: FakeSender;
  let mail: FakeSender;
  let open: (e: NotificationEnvelope) => NotificationJob;
  let useCase: DeliverNotificationUseCase;
  const run = (attempt = 1, maxAttempts = 5) => useCase.execute({ envelope: ENVELOPE, attempt, maxAttempts });

  beforeEach(() => {
    deliveries = new FakeDeliveries();
    sms = new FakeSender();
    mail = new FakeSender();
    open = () => JOB;
    useCase = new QuickRetries(
      { open: (e: NotificationEnvelope) => open(e) } as never,
      deliveries as never,
      mail as never,
      sms as never,
      new FixedClock(),
    );
  });

  it('renders and sends, then records the key as sent', async () => {
    assert.deepEqual(await run(), { status: 'sent', providerMessageId: 'id-1' });
    assert.equal(sms.sent.length, 1);
    const out = sms.sent[0] as OutgoingSms;
    assert.equal(out.to, '0912345678');
    assert.ok(out.text.includes('482913'));
    assert.equal(out.idempotencyKey, 'reset:1');
    assert.equal(deliveries.rows.get('reset:1')?.status, 'sent');
    assert.equal(mail.sent.length, 0);
  });

  it('never sends a key again once it was sent or dead-lettered', async () => {
    await run();
    assert.deepEqual(await run(2), { status: 'skipped', previous: 'sent' });
    assert.equal(sms.sent.length, 1);
    deliveries.rows.set('reset:1', { status: 'dead', attempts: 5 });
    assert.deepEqual(await run(), { status: 'skipped', previous: 'dead' });
    assert.equal(sms.sent.length, 1);
  });

  it('asks for a retry on a transient failure and dead-letters after the last attempt', async () => {
    sms.failures.push(
      new DeliveryFailed('sms gateway http 500', false),
      new DeliveryFailed('sms gateway http 502', false),
    );
    assert.deepEqual(await run(4, 5), { status: 'retry', error: 'sms gateway http 500' });
    assert.equal(deliveries.rows.size, 0);
    assert.deepEqual(await run(5, 5), { status: 'dead', error: 'sms gateway http 502' });
    assert.deepEqual(deliveries.rows.get('reset:1'), {
      status: 'dead',
      attempts: 5,
      lastError: 'sms gateway http 502',
    });
  });

  it('dead-letters a permanent failure at once, without the code in the error', async () => {
    sms.failures.push(new DeliveryFailed('sms gateway statuscode v: invalid mobile number', true));
    const outcome = await run(1, 5);
    assert.equal(outcome.status, 'dead');
    assert.ok(!deliveries.rows.get('reset:1')?.lastError?.includes('482913'));
  });

  it('dead-letters an unreadable envelope and an unexpected error says only its type', async () => {
    open = () => {
      throw new NotificationUnreadable('undecryptable');
    };
    assert.deepEqual(await run(), { status: 'dead', error: 'notification_unreadable: undecryptable' });
    deliveries.rows.clear();
    open = () => JOB;
    sms.failures.push(new TypeError('secret 482913 in a message'));
    assert.deepEqual(await run(1, 1), { status: 'dead', error: 'unexpected TypeError' });
  });

  it('retries recording a send instead of sending again', async () => {
    deliveries.failWrites = 2;
    assert.equal((await run()).status, 'sent');
    assert.equal(sms.sent.length, 1);
    deliveries.rows.clear();
    deliveries.failWrites = 3;
    await assert.rejects(run(), /db down/);
    assert.equal(sms.sent.length, 2, 'sent, but could not be recorded: the job fails and may repeat');
  });

  it('sends mail for the email channel', async () => {
    open = () => ({
      ...JOB,
      channel: 'email',
      to: 'a@example.edu.tw',
      template: 'password-reset.code',
      locale: 'en',
    });
    await run();
    const m = mail.sent[0] as OutgoingMail;
    assert.equal(m.to, 'a@example.edu.tw');
    assert.equal(m.subject, 'Your password reset code');
    assert.ok(m.html.includes('482913') && m.text.includes('482913'));
  });
});
