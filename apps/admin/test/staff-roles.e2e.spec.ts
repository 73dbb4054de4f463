import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { adminE2e } from './admin.fixture.js';
import { ageSession, reauthenticate } from './reauth.helpers.js';

/**
 * The superadmin's staff page: only a superadmin finds it; granting and revoking need a fresh
 * sign-in at the idp, a reason, and are audited; a revoked member's portal sessions end at once.
 */
describe('helpdesk portal: staff roles', () => {
  const { world, noScript, submit, signIn, csrfOf } = adminE2e();
  let boss: BrowserContext;
  let page: Page;

  const roles = async () =>
    Object.fromEntries(
      (
        (await world()
          .ctx.app.get(DataSource)
          .query('SELECT a.username, r.role FROM staff_roles r JOIN accounts a ON a.id = r.account_id')) as {
          username: string;
          role: string;
        }[]
      ).map((r) => [r.username, r.role]),
    );
  const lastEvent = async (action: string) => {
    const [row] = (await world()
      .ctx.app.get(DataSource)
      .query('SELECT actor, target, details FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1', [
        action,
      ])) as { actor: string; target: string; details: string | Record<string, unknown> }[];
    return (
      row && { ...row, details: typeof row.details === 'string' ? JSON.parse(row.details) : row.details }
    );
  };

  it('is not there for anyone but a superadmin (404, no menu link, no change by post)', async () => {
    const { admin, people } = world();
    const context = await noScript();
    const agent = await signIn(context, people.agent);
    assert.equal(await agent.locator('nav a[href="/staff"]').count(), 0);
    const r = await agent.goto(`${admin.url}/staff`);
    assert.equal(r!.status(), 404);
    assert.equal(await agent.locator('h1').innerText(), '找不到此頁面');
    await agent.goto(`${admin.url}/`);
    const post = await agent.request.post(`${admin.url}/staff/grant`, {
      form: { csrf: await csrfOf(agent), username: 'hd.agent', role: 'superadmin', reason: 'promote myself' },
      maxRedirects: 0,
    });
    assert.equal(post.status(), 404);
    assert.equal((await roles())['hd.agent'], 'helpdesk');
    await context.close();
  });

  it('a superadmin grants a role after signing in again, with a reason, audited', async () => {
    const { admin, people, ctx } = world();
    boss = await noScript();
    page = await signIn(boss, people.boss);
    await page.click('nav a[href="/staff"]');
    assert.equal(await page.locator('h1').innerText(), '客服後台人員權限');
    const list = await page.locator('table.staff-list').innerText();
    assert.match(list, /tp\.admin\s+臺北市管理員\s+臺北市 縣市管理員/);
    assert.match(list, /hd\.agent\s+客服小張\s+客服人員/);

    // Signed in ten minutes ago: the change waits for a fresh sign-in.
    await ageSession(ctx, boss, admin.url, 600);
    await page.fill('#username', 'mfa.holder');
    await page.selectOption('#role', 'school-admin');
    await page.fill('#school', '074601');
    await page.fill('#reason-grant', '新任學校資訊組長');
    await submit(page, 'form.staff-grant button[type=submit]');
    assert.match(await page.locator('[role=alert]').innerText(), /請重新登入/);
    assert.equal((await roles())['mfa.holder'], undefined, 'nothing granted yet');

    // The form before the sign-in is shown again, filled in as it was sent.
    for (const [field, value] of [
      ['#username', 'mfa.holder'],
      ['#role', 'school-admin'],
      ['#school', '074601'],
      ['#reason-grant', '新任學校資訊組長'],
    ])
      assert.equal(await page.locator(field).inputValue(), value, `${field} before the sign-in`);
    await reauthenticate(page, people.boss, admin.url);
    assert.equal(new URL(page.url()).pathname, '/staff');
    const back = page.url();
    assert.match(await page.locator('.notice').innerText(), /已保留您剛才填寫的內容/);
    for (const [field, value] of [
      ['#username', 'mfa.holder'],
      ['#role', 'school-admin'],
      ['#county', ''],
      ['#school', '074601'],
      ['#reason-grant', '新任學校資訊組長'],
    ])
      assert.equal(await page.locator(field).inputValue(), value, `${field} after the sign-in`);
    await submit(page, 'form.staff-grant button[type=submit]');
    assert.equal(await page.locator('.notice').innerText(), '已授予 mfa.holder 權限。');
    assert.equal((await roles())['mfa.holder'], 'school-admin');
    assert.match(
      await page.locator('table.staff-list').innerText(),
      /mfa\.holder\s+陳有驗證\s+074601 學校管理員/,
    );
    // A kept form is read once: the same address again shows an empty form.
    await page.goto(back);
    assert.equal(await page.locator('#username').inputValue(), '');
    assert.equal(await page.locator('#reason-grant').inputValue(), '');
    const granted = await lastEvent('staff.grant');
    assert.equal(granted!.actor, 'admin:hd.boss');
    assert.equal(granted!.target, `account:${people.holder.sub}`);
    assert.deepEqual(
      [granted!.details.role, granted!.details.school, granted!.details.reason],
      ['school-admin', '074601', '新任學校資訊組長'],
    );
  });

  it('refuses a change without a reason, a scope that does not fit, and one’s own role', async () => {
    const { admin } = world();
    const csrf = await csrfOf(page);
    const post = (path: string, form: Record<string, string>) =>
      page.request.post(`${admin.url}/staff/${path}`, { form: { csrf, ...form }, maxRedirects: 0 });
    const noReason = await post('grant', { username: 'hd.nomfa', role: 'superadmin', reason: ' ' });
    assert.equal(noReason.status(), 400);
    assert.match(await noReason.text(), /請填寫原因/);
    const badScope = await post('grant', { username: 'hd.nomfa', role: 'county-admin', reason: 'x' });
    assert.equal(badScope.status(), 400);
    const self = await post('revoke', { username: 'hd.boss', reason: 'oops' });
    assert.equal(self.status(), 409);
    const unknown = await post('revoke', { username: "' OR 1=1 --", reason: 'probe' });
    assert.equal(unknown.status(), 404);
    assert.equal((await roles())['hd.nomfa'], 'helpdesk');
    assert.equal((await roles())['hd.boss'], 'superadmin');
  });

  it('revoking ends the member’s portal sessions at once, audited with the reason', async () => {
    const { admin, people } = world();
    const holderContext = await noScript();
    const holder = await signIn(holderContext, people.holder);
    assert.equal(await holder.locator('h1').innerText(), '查詢帳號');

    // Signed in too long ago again: the revoke's reason survives the fresh sign-in too.
    await ageSession(world().ctx, boss, admin.url, 600);
    await page.goto(`${admin.url}/staff`);
    await page.fill('#reason-revoke-mfa-holder', '調離資訊組');
    await submit(page, 'form.staff-revoke:has(input[value="mfa.holder"]) button');
    assert.match(await page.locator('[role=alert]').innerText(), /請重新登入/);
    assert.equal((await roles())['mfa.holder'], 'school-admin', 'nothing revoked yet');
    await reauthenticate(page, people.boss, admin.url);
    assert.equal(new URL(page.url()).pathname, '/staff');
    assert.equal(await page.locator('#reason-revoke-mfa-holder').inputValue(), '調離資訊組');
    assert.equal(await page.locator('#reason-grant').inputValue(), '');
    await submit(page, 'form.staff-revoke:has(input[value="mfa.holder"]) button');
    assert.equal(
      await page.locator('.notice').innerText(),
      '已撤銷 mfa.holder 的權限，並結束其客服後台登入。',
    );
    assert.equal((await roles())['mfa.holder'], undefined);
    const revoked = await lastEvent('staff.revoke');
    assert.equal(revoked!.actor, 'admin:hd.boss');
    assert.equal(revoked!.details.reason, '調離資訊組');

    await holder.goto(`${admin.url}/`);
    assert.equal(await holder.locator('a:text("登入客服後台")').count(), 1, 'signed out of the portal');
    await holderContext.close();
    await boss.close();
  });
});
