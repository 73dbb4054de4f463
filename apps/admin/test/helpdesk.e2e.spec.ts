import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { adminE2e } from './admin.fixture.js';

/**
 * The helpdesk portal end to end: staff sign in at the idp with password + authenticator app, find
 * and fix an account, within their scope only; CSRF, escaping and injection; the idp's sign-out
 * ends the portal session (back-channel logout).
 */
describe('helpdesk portal, end to end', () => {
  const { world, noScript, submit, signIn, csrfOf } = adminE2e();
  let agent: BrowserContext;
  let page: Page;

  async function auditActions(actor: string): Promise<{ action: string; details: { reason?: string } }[]> {
    return world()
      .ctx.app.get(DataSource)
      .query('SELECT action, details FROM audit_events WHERE actor = ? ORDER BY id', [actor]);
  }

  it('a helpdesk agent signs in with password + TOTP, finds a locked student by national ID, unlocks and sends a reset link, with reasons on the timeline', async () => {
    const { people, sink, admin } = world();
    agent = await noScript();
    page = await signIn(agent, people.agent);
    assert.equal(await page.locator('h1').innerText(), '查詢帳號');
    assert.match(await page.locator('.admin-bar__who').innerText(), /客服小張（客服人員）/);
    const cookies = await agent.cookies(admin.url);
    const session = cookies.find((c) => c.name === 'edu_admin');
    assert.ok(session?.httpOnly && session.sameSite === 'Lax', JSON.stringify(cookies));

    await page.fill('#q', people.student.nationalId.toLowerCase());
    await submit(page);
    const rows = page.locator('table.search-results tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match(await rows.innerText(), /王小明[\s\S]*locked\.student[\s\S]*已鎖定[\s\S]*P2\*{5}/);
    await submit(page, 'table.search-results a');
    assert.equal(new URL(page.url()).pathname, `/accounts/${people.student.sub}`);
    assert.match(await page.locator('.summary').innerText(), /已鎖定/);

    await page.fill('#reason-unlock', '學生來電，核對姓名與生日後解鎖');
    await submit(page, 'form[action$="/unlock"] button');
    assert.equal(await page.locator('.notice').innerText(), '已解除鎖定。');
    assert.match(await page.locator('.summary').innerText(), /正常/);

    await page.fill('#reason-send-reset', '學生忘記密碼，寄送重設連結');
    await submit(page, 'form[action$="/send-reset"] button');
    assert.equal(await page.locator('.notice').innerText(), '已寄出重設密碼連結。');
    const mail = await sink.waitFor(people.student.email);
    assert.match(mail.text, /\/forgot\/reset\?token=/);

    const timeline = await page.locator('table.timeline').innerText();
    assert.match(timeline, /客服解除鎖定\s+admin:hd\.agent\s+學生來電，核對姓名與生日後解鎖/);
    assert.match(timeline, /客服寄送重設密碼連結\s+admin:hd\.agent\s+學生忘記密碼，寄送重設連結/);
    const audit = await auditActions('admin:hd.agent');
    assert.deepEqual(
      audit.filter((a) => a.action.startsWith('helpdesk.')).map((a) => [a.action, a.details.reason]),
      [
        ['helpdesk.unlock', '學生來電，核對姓名與生日後解鎖'],
        ['helpdesk.send-reset', '學生忘記密碼，寄送重設連結'],
      ],
    );
  });

  it('shows a display name with markup as text, and a search for SQL finds nothing', async () => {
    const { admin } = world();
    await page.goto(`${admin.url}/?q=${encodeURIComponent("' OR 1=1 --")}`);
    assert.equal(await page.locator('.notice').innerText(), '找不到符合的帳號。');
    await page.goto(`${admin.url}/?q=${encodeURIComponent('<script>')}`);
    assert.equal(await page.locator('table.search-results a').innerText(), '<script>alert(1)</script>');
    assert.equal(await page.locator('script').count(), 0);
    const raw = await (await page.request.get(`${admin.url}/?q=${encodeURIComponent('<script>')}`)).text();
    assert.ok(raw.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.doesNotMatch(raw, /<script/i);
  });

  it("shows today's figures on the dashboard", async () => {
    const { admin } = world();
    await page.goto(`${admin.url}/dashboard`);
    assert.equal(await page.locator('h1').innerText(), '今日概況');
    const figures = await page.locator('dl.dashboard').innerText();
    assert.match(figures, /已鎖定的帳號\s+0/);
    assert.match(figures, /今日登入次數\s+[1-9]/);
    assert.match(figures, /待審核的申請\s+0/);
  });

  it('refuses a form post without the CSRF token (and does nothing)', async () => {
    const { admin, people } = world();
    const before = (await auditActions('admin:hd.agent')).length;
    const r = await page.request.post(`${admin.url}/accounts/${people.student.sub}/end-sessions`, {
      form: { reason: 'no token' },
      maxRedirects: 0,
    });
    assert.equal(r.status(), 403);
    const forged = await page.request.post(`${admin.url}/accounts/${people.student.sub}/end-sessions`, {
      form: { reason: 'wrong token', csrf: 'x'.repeat(43) },
      maxRedirects: 0,
    });
    assert.equal(forged.status(), 403);
    assert.equal((await auditActions('admin:hd.agent')).length, before);
  });

  it('a county admin of another county gets 404 for that account by URL, by form post and in search', async () => {
    const { admin, people } = world();
    const context = await noScript();
    const tp = await signIn(context, people.taipei);
    const direct = await tp.goto(`${admin.url}/accounts/${people.student.sub}`);
    assert.equal(direct!.status(), 404);
    assert.equal(await tp.locator('h1').innerText(), '找不到此帳號');
    await tp.goto(`${admin.url}/`);
    const csrf = await csrfOf(tp);
    for (const action of ['unlock', 'disable', 'send-reset', 'reveal']) {
      const r = await tp.request.post(`${admin.url}/accounts/${people.student.sub}/${action}`, {
        form: { csrf, reason: 'probing another county' },
        maxRedirects: 0,
      });
      assert.equal(r.status(), 404, action);
    }
    await tp.goto(`${admin.url}/dashboard`);
    assert.doesNotMatch(
      await tp.locator('dl.dashboard').innerText(),
      /今日登入次數/,
      'service figures: all-account roles only',
    );
    await tp.goto(`${admin.url}/?q=${people.student.nationalId}`);
    assert.equal(await tp.locator('.notice').innerText(), '找不到符合的帳號。');
    assert.deepEqual(
      (await auditActions('admin:tp.admin')).filter((a) => a.action.startsWith('helpdesk.')),
      [],
    );
    await context.close();
  });

  it('refuses staff whose sign-in did not reach MFA', async () => {
    const { people } = world();
    const context = await noScript();
    const p = await signIn(context, people.nomfa);
    assert.equal(await p.locator('h1').innerText(), '無法登入客服後台');
    assert.match(await p.locator('main').innerText(), /第二因素/);
    await context.close();
  });

  it('signing out at the idp ends the portal session (back-channel logout)', async () => {
    const { admin, idp } = world();
    await page.goto(`${admin.url}/`);
    assert.equal(await page.locator('h1').innerText(), '查詢帳號');
    await page.goto(`${idp.url}/oidc/v1/logout-to-go`);
    await submit(page, 'button[name=logout][value=yes]');
    let signedOut = false;
    for (let i = 0; i < 50 && !signedOut; i++) {
      await page.goto(`${admin.url}/`);
      signedOut = (await page.locator('a:text("登入客服後台")').count()) === 1;
      if (!signedOut) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(signedOut, `still signed in; idp said:\n${idp.output().slice(-2000)}`);
    const r = await page.goto(`${admin.url}/accounts/${world().people.student.sub}`);
    assert.match(new URL(r!.url()).pathname, /^\/interaction\//, 'asked to sign in again');
    await agent.close();
  });
});
