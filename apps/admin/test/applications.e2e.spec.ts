import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { PiiService, makeNationalId } from '#identity-core';
import { adminE2e } from './admin.fixture.js';

/**
 * The applications (申請) queue as staff use it, without JavaScript: a superadmin approves (the
 * applicant gets the mail with the 啟用碼; the audit event names the staff member and the reason)
 * and rejects; duplicates are flagged with a link to the likely account; a county admin finds no
 * application, by URL or by form; a post without its CSRF field is refused; the queue pages by 20.
 */
describe('helpdesk portal: applications queue, end to end', () => {
  const { world, noScript, submit, signIn, csrfOf } = adminE2e();
  const ids: Record<string, string> = {};
  let boss: BrowserContext;
  let page: Page;

  before(async () => {
    const { ctx, people } = world();
    const pii = ctx.app.get(PiiService);
    const add = async (key: string, nid: string, name: string, birthDate: string) => {
      // The applicant's side (both contacts verified) is the idp's; here the row as it lands.
      const r = (await ctx.app.get(DataSource).query(
        `INSERT INTO account_applications
           (status, national_id_cipher, national_id_index, display_name, birth_date, email, phone, locale)
         VALUES ('pending', ?, ?, ?, ?, ?, '0912345678', 'zh-TW')`,
        [pii.encrypt(nid), pii.nationalIdIndex(nid), name, birthDate, `${key}@example.com`],
      )) as { insertId: number | string };
      ids[key] = String(r.insertId);
    };
    await add('fresh', makeNationalId('K', '1', '6100001'), '林新申', '1988-02-03');
    await add('toReject', makeNationalId('K', '2', '6100002'), '黃退件', '1979-11-30');
    // The same national ID as an existing account (王小明, a pupil of 074601).
    await add('dup', people.student.nationalId, '王小明', '2012-01-01');
  });

  it('lists pending applications with duplicates flagged and linked to the likely account', async () => {
    const { people, admin } = world();
    boss = await noScript();
    page = await signIn(boss, people.boss);
    await page.goto(`${admin.url}/applications`);
    assert.equal(await page.locator('h1').innerText(), '待審核的帳號申請');
    const dupRow = page.locator(`tr[data-application="${ids.dup}"]`);
    assert.match(await dupRow.innerText(), /已有相同身分證字號的帳號/);
    assert.equal(
      await dupRow.locator('a:text("查看可能的既有帳號")').getAttribute('href'),
      `/accounts/${people.student.sub}`,
    );
    assert.doesNotMatch(await page.locator(`tr[data-application="${ids.fresh}"]`).innerText(), /已有/);
    // National IDs are masked in the queue.
    assert.doesNotMatch(await page.locator('table.applications').innerText(), /K1\d{8}/);
  });

  it('pages the queue by 20, oldest first: next and previous links, every pending application once', async () => {
    const { admin, ctx } = world();
    const db = ctx.app.get(DataSource);
    const pii = ctx.app.get(PiiService);
    // Enough more applicants to fill two pages and part of a third (names and IDs all different,
    // so none is flagged as a duplicate of another).
    for (let i = 1; i <= 45; i++) {
      const nid = makeNationalId('M', i % 2 ? '1' : '2', String(6200000 + i));
      await db.query(
        `INSERT INTO account_applications
           (status, national_id_cipher, national_id_index, display_name, birth_date, email, phone, locale)
         VALUES ('pending', ?, ?, ?, '1990-01-01', ?, '0912345678', 'zh-TW')`,
        [pii.encrypt(nid), pii.nationalIdIndex(nid), `分頁申請人${i}`, `pager${i}@example.com`],
      );
    }
    const pending = (
      (await db.query(`SELECT id FROM account_applications WHERE status = 'pending' ORDER BY id`)) as {
        id: number | string;
      }[]
    ).map((r) => String(r.id));
    assert.equal(pending.length, 48);

    await page.goto(`${admin.url}/applications`);
    const seen: string[] = [];
    const sizes: number[] = [];
    for (let n = 1; ; n++) {
      assert.match(await page.locator('p.pager').innerText(), new RegExp(`第 ${n} 頁`));
      const rows = await page
        .locator('table.applications tr[data-application]')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-application')!));
      sizes.push(rows.length);
      seen.push(...rows);
      assert.equal(await page.locator('p.pager a:text("上一頁")').count(), n > 1 ? 1 : 0, `page ${n}`);
      const next = page.locator('p.pager a:text("下一頁")');
      if (!(await next.count())) break;
      assert.equal(await next.getAttribute('href'), `/applications?page=${n + 1}`);
      assert.ok(n < 10, 'the pages end');
      await submit(page, 'p.pager a:text("下一頁")');
    }
    assert.deepEqual(sizes, [20, 20, 8]);
    assert.equal(new Set(seen).size, seen.length, 'no application twice');
    assert.deepEqual(seen, pending, 'every pending application, oldest first, none left out');

    // Back from the last page is the second one again, unchanged.
    await submit(page, 'p.pager a:text("上一頁")');
    assert.deepEqual(
      await page
        .locator('table.applications tr[data-application]')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-application')!)),
      pending.slice(20, 40),
    );
  });

  it('approves with a reason: the applicant gets the activation code, the audit names the staff member', async () => {
    const { admin, sink, ctx } = world();
    await page.goto(`${admin.url}/applications/${ids.fresh}`);
    const noReason = await page.request.post(`${admin.url}/applications/${ids.fresh}/approve`, {
      form: { csrf: await csrfOf(page), reason: ' ' },
      maxRedirects: 0,
    });
    assert.equal(noReason.status(), 400);
    await page.fill('#reason-approve', '已電話確認本人');
    await submit(page, 'form[action$="/approve"] button');
    assert.match(await page.locator('.notice').innerText(), new RegExp(`已核准申請 ${ids.fresh}`));
    const mail = await sink.waitFor('fresh@example.com');
    assert.match(mail.text, /您的啟用碼為：\S+/);
    const [row] = (await ctx.app
      .get(DataSource)
      .query(`SELECT actor, details FROM audit_events WHERE action = 'application.approve' AND target = ?`, [
        `application:${ids.fresh}`,
      ])) as { actor: string; details: string | Record<string, unknown> }[];
    assert.equal(row.actor, 'admin:hd.boss');
    const details = typeof row.details === 'string' ? JSON.parse(row.details) : row.details;
    assert.equal(details.reason, '已電話確認本人');
    // Decided: no forms any more, and a second approval is refused, never a server error.
    await page.goto(`${admin.url}/applications/${ids.fresh}`);
    assert.equal(await page.locator('form[action$="/approve"]').count(), 0);
  });

  it('rejects with a reason mailed to the applicant', async () => {
    const { admin, sink, ctx } = world();
    await page.goto(`${admin.url}/applications/${ids.toReject}`);
    await page.fill('#reason-reject', '證明文件不清楚，請重新申請');
    await submit(page, 'form[action$="/reject"] button');
    assert.match(await page.locator('.notice').innerText(), new RegExp(`已退回申請 ${ids.toReject}`));
    const mail = await sink.waitFor('toReject@example.com');
    assert.match(mail.text, /證明文件不清楚/);
    const [row] = (await ctx.app
      .get(DataSource)
      .query(`SELECT actor FROM audit_events WHERE action = 'application.reject' AND target = ?`, [
        `application:${ids.toReject}`,
      ])) as { actor: string }[];
    assert.equal(row.actor, 'admin:hd.boss');
    assert.equal(await page.locator(`tr[data-application="${ids.toReject}"]`).count(), 0);
  });

  it('refuses the duplicate with a clear page, and a post without its CSRF field', async () => {
    const { admin } = world();
    await page.goto(`${admin.url}/applications/${ids.dup}`);
    await page.fill('#reason-approve', '試著核准');
    const response = await submit(page, 'form[action$="/approve"] button');
    assert.equal(response?.status(), 409);
    assert.match(await page.locator('[role=alert]').innerText(), /已有相同身分證字號的帳號，無法核准/);
    const noCsrf = await page.request.post(`${admin.url}/applications/${ids.dup}/reject`, {
      form: { reason: '沒有 CSRF' },
      maxRedirects: 0,
    });
    assert.equal(noCsrf.status(), 403);
    const still = (await world()
      .ctx.app.get(DataSource)
      .query('SELECT status FROM account_applications WHERE id = ?', [ids.dup])) as { status: string }[];
    assert.equal(still[0].status, 'pending');
  });

  it('answers 404 to a county admin for an application by URL and by form post', async () => {
    const { people, admin } = world();
    const county = await noScript();
    const tp = await signIn(county, people.taipei);
    await tp.goto(`${admin.url}/applications`);
    assert.match(await tp.locator('main').innerText(), /目前沒有待審核的申請。/);
    const byUrl = await tp.goto(`${admin.url}/applications/${ids.dup}`);
    assert.equal(byUrl?.status(), 404);
    await tp.goto(`${admin.url}/applications`);
    const byForm = await tp.request.post(`${admin.url}/applications/${ids.dup}/reject`, {
      form: { csrf: await csrfOf(tp), reason: '不是我的' },
      maxRedirects: 0,
    });
    assert.equal(byForm.status(), 404);
    await county.close();
  });

  it('lets the helpdesk see the queue but not decide', async () => {
    const { people, admin } = world();
    const agent = await noScript();
    const hd = await signIn(agent, people.agent);
    await hd.goto(`${admin.url}/applications/${ids.dup}`);
    assert.match(await hd.locator('main').innerText(), /王小明/);
    assert.equal(await hd.locator('form[action$="/approve"]').count(), 0);
    const post = await hd.request.post(`${admin.url}/applications/${ids.dup}/approve`, {
      form: { csrf: await csrfOf(hd), reason: '客服試著核准' },
      maxRedirects: 0,
    });
    assert.equal(post.status(), 404);
    await agent.close();
    await boss.close();
  });
});
