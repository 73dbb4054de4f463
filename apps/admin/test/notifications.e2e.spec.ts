import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { PiiService } from '#identity-core';
import { requiredVariables } from '#notifications';
import { adminE2e } from './admin.fixture.js';

/**
 * The notifications page: dead letters with their error and a masked recipient, sent again one by
 * one or all at once (audited with the staff member and the counts); superadmin and helpdesk only.
 */
describe('admin: notifications page', () => {
  const { world, noScript, submit, signIn, csrfOf } = adminE2e();

  /** A mail the worker gave up on (as DeliverNotification records it), its sealed request kept in the outbox. */
  async function deadLetter(key: string, to: string): Promise<void> {
    const app = world().ctx.app;
    const data = Object.fromEntries(requiredVariables('password.changed').map((v) => [v, '王小明']));
    const request = {
      channel: 'email',
      to,
      template: 'password.changed',
      locale: 'zh-TW',
      data,
      idempotencyKey: key,
    };
    const db = app.get(DataSource);
    await db.query(
      `INSERT INTO notification_outbox (idempotency_key, channel, payload_cipher, relayed_at, attempts, generation)
       VALUES (?, 'email', ?, NOW(3), 1, 0)`,
      [key, app.get(PiiService).encrypt(JSON.stringify(request))],
    );
    await db.query(
      `INSERT INTO notification_deliveries (idempotency_key, channel, template, status, attempts, last_error, requeues)
       VALUES (?, 'email', 'password.changed', 'dead', 3, ?, 0)`,
      [key, `550 5.1.1 <${to}>: mailbox unavailable`],
    );
  }

  const audit = (action: string) =>
    world()
      .ctx.app.get(DataSource)
      .query('SELECT actor, details FROM audit_events WHERE action = ? ORDER BY id', [action]) as Promise<
      { actor: string; details: { role: string; requeued: number; refused: number } }[]
    >;

  it('a helpdesk agent sees dead letters with their error and a masked recipient, and sends one and then all again', async () => {
    const { people, sink, admin } = world();
    await deadLetter('e2e-dead-1', 'dora.parent@example.edu.tw');
    await deadLetter('e2e-dead-2', 'eddie.parent@example.edu.tw');
    await deadLetter('e2e-dead-3', 'fay.parent@example.edu.tw');
    const page = await signIn(await noScript(), people.agent);
    await submit(page, 'a[href="/notifications"]');
    assert.equal(await page.locator('h1').innerText(), '無法送達的通知');
    const rows = page.locator('table.notifications tbody tr');
    assert.equal(await rows.count(), 3);
    const text = await page.locator('table.notifications').innerText();
    assert.match(
      text,
      /已放棄\s+Email\s+password\.changed\s+d\*\*\*@example\.edu\.tw\s+550 5\.1\.1 <d\*\*\*@example\.edu\.tw>: mailbox unavailable\s+3/,
    );
    const html = await page.content();
    assert.doesNotMatch(html, /dora\.parent|eddie\.parent|fay\.parent/);

    await submit(page, 'form:has(input[value="e2e-dead-1"]) button');
    assert.equal(new URL(page.url()).pathname, '/notifications');
    assert.equal(
      await page.locator('p.notice').first().innerText(),
      '已重新排入寄送：1 則；無法重新寄送：0 則。',
    );
    assert.match((await sink.waitFor('dora.parent@example.edu.tw', 20_000)).text, /王小明/);

    // The same key again (a stale page, a second click): refused, never sent twice.
    const stale = await page.request.post(`${admin.url}/notifications/requeue`, {
      form: { csrf: await csrfOf(page), key: 'e2e-dead-1' },
      maxRedirects: 0,
    });
    assert.equal(stale.status(), 303);
    assert.match(stale.headers().location, /requeued=0&refused=1/);

    await submit(page, 'form[action="/notifications/requeue-all"] button');
    assert.equal(
      await page.locator('p.notice').first().innerText(),
      '已重新排入寄送：2 則；無法重新寄送：0 則。',
    );
    await sink.waitFor('eddie.parent@example.edu.tw', 20_000);
    await sink.waitFor('fay.parent@example.edu.tw', 20_000);

    const one = await audit('helpdesk.notifications-requeue');
    assert.deepEqual(
      one.map((e) => [e.actor, e.details.role, e.details.requeued, e.details.refused]),
      [
        ['admin:hd.agent', 'helpdesk', 1, 0],
        ['admin:hd.agent', 'helpdesk', 0, 1],
      ],
    );
    const all = await audit('helpdesk.notifications-requeue-all');
    assert.deepEqual(
      all.map((e) => [e.actor, e.details.requeued, e.details.refused]),
      [['admin:hd.agent', 2, 0]],
    );
    const each = await world()
      .ctx.app.get(DataSource)
      .query(
        `SELECT COUNT(*) AS n FROM audit_events WHERE action = 'notification.requeue' AND actor = 'admin:hd.agent'`,
      );
    assert.equal(Number(each[0].n), 3);
  });

  it('a county admin has no notifications page: no link, 404 by URL and by form post', async () => {
    const { people, admin } = world();
    const page = await signIn(await noScript(), people.taipei);
    assert.equal(await page.locator('a[href="/notifications"]').count(), 0);
    const r = await page.goto(`${admin.url}/notifications`);
    assert.equal(r?.status(), 404);
    assert.equal(await page.locator('h1').innerText(), '找不到此頁面');
    await page.goto(`${admin.url}/`);
    for (const path of ['/notifications/requeue', '/notifications/requeue-all']) {
      const post = await page.request.post(`${admin.url}${path}`, {
        form: { csrf: await csrfOf(page), key: 'e2e-dead-1' },
        maxRedirects: 0,
      });
      assert.equal(post.status(), 404, path);
    }
  });

  it('a requeue without its CSRF field is refused (403) and changes nothing', async () => {
    const { people, admin } = world();
    await deadLetter('e2e-dead-csrf', 'gus.parent@example.edu.tw');
    const page = await signIn(await noScript(), people.boss);
    assert.equal(await page.locator('a[href="/notifications"]').count(), 1);
    const post = await page.request.post(`${admin.url}/notifications/requeue`, {
      form: { key: 'e2e-dead-csrf' },
      maxRedirects: 0,
    });
    assert.equal(post.status(), 403);
    const [row] = await world()
      .ctx.app.get(DataSource)
      .query(`SELECT status FROM notification_deliveries WHERE idempotency_key = 'e2e-dead-csrf'`);
    assert.equal(row.status, 'dead');
  });
});
