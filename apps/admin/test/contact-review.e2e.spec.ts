import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { adminE2e } from './admin.fixture.js';

/**
 * Contact details typed in by the helpdesk: verified only when every identity check was ticked,
 * the old verified address is told of the change, and the audit event says both.
 */
describe('helpdesk portal: contact details entered by staff', () => {
  const { world, noScript, submit, signIn } = adminE2e();

  const lastEdit = async (sub: string) => {
    const [row] = (await world()
      .ctx.app.get(DataSource)
      .query(
        `SELECT details FROM audit_events WHERE action = 'helpdesk.edit-contact' AND target = ? ORDER BY id DESC LIMIT 1`,
        [`account:${sub}`],
      )) as { details: string | Record<string, unknown> }[];
    return typeof row!.details === 'string' ? JSON.parse(row!.details) : row!.details;
  };

  it('without the identity checks: stored unverified, the old address told, audited', async () => {
    const { admin, people, sink } = world();
    const context = await noScript();
    const page = await signIn(context, people.agent);
    await page.goto(`${admin.url}/accounts/${people.holder.sub}`);
    await page.fill('#contact-email', 'caller.says@example.com');
    await page.fill('#reason-edit-contact', '來電者要求更新 Email');
    await submit(page, 'form[action$="/edit-contact"] button');
    assert.equal(await page.locator('.notice').innerText(), '已更新聯絡方式。');
    assert.match(await page.locator('.summary').innerText(), /caller\.says@example\.com\s*（未驗證）/);
    // The holder already had mail (their authenticator app's notice): wait for the change's.
    let mail;
    for (let n = 1; !mail && n <= 5; n++)
      mail = (await sink.waitForCount(people.holder.email, n, 30_000)).find((m) =>
        /聯絡資料已變更/.test(m.subject),
      );
    assert.ok(mail, 'the old address is told');
    assert.match(mail.text, /本信寄至原本的地址/);
    const details = await lastEdit(people.holder.sub);
    assert.deepEqual([details.changed, details.verified, details.notified], [['email'], false, ['email']]);

    // With every check ticked, the helpdesk vouches: verified (the old one was not: nobody to tell).
    await page.fill('#contact-email', 'checked.holder@example.edu.tw');
    for (const c of ['check1', 'check2', 'check3'])
      await page.check(`form[action$="/edit-contact"] input[name=${c}]`);
    await page.fill('#reason-edit-contact', '核對身分後更新');
    await submit(page, 'form[action$="/edit-contact"] button');
    const summary = await page.locator('.summary').innerText();
    assert.match(summary, /checked\.holder@example\.edu\.tw/);
    assert.doesNotMatch(summary, /checked\.holder@example\.edu\.tw\s*（未驗證）/);
    const vouched = await lastEdit(people.holder.sub);
    assert.deepEqual([vouched.changed, vouched.verified, vouched.notified], [['email'], true, []]);
    await context.close();
  });
});
