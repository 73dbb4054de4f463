import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AuditService, CreateAccountUseCase, makeNationalId } from '#identity-core';
import { adminE2e } from './admin.fixture.js';

/**
 * The audit log page and its CSV export: filters, keyset pages, the plain words of the account
 * timeline, scope (a county admin sees and exports only events about their county's accounts,
 * whatever the URL says), SQL in a filter finds nothing, formula cells are defused, the export is
 * itself audited.
 */
describe('helpdesk portal: audit log', () => {
  const { world, noScript, signIn, csrfOf } = adminE2e();
  const FORMULA = '=HYPERLINK("http://evil.example","點我")';
  let taipeiPupil: string;
  let agent: BrowserContext;
  let page: Page;

  before(async () => {
    const { ctx, people } = world();
    const pupil = await ctx.app.get(CreateAccountUseCase).execute({
      username: 'tp.pupil',
      password: 'a long pupil passphrase',
      displayName: '臺北小學生',
      nationalId: makeNationalId('A', '1', '7300001'),
      affiliation: { schoolId: '193601', titles: ['學生'], year: '115', semester: '1' },
      actor: 'test',
    });
    taipeiPupil = pupil.sub;
    const audit = ctx.app.get(AuditService);
    await audit.record({
      actor: 'admin:hd.agent',
      action: 'helpdesk.edit-contact',
      target: `account:${people.student.sub}`,
      result: 'success',
      details: { reason: FORMULA },
    });
    await audit.record({
      actor: 'admin:hd.agent',
      action: 'helpdesk.unlock',
      target: `account:${taipeiPupil}`,
      result: 'success',
      details: { reason: '臺北的家長來電' },
    });
    // Enough events of one account for three pages (50 a page).
    await audit.recordMany(
      Array.from({ length: 120 }, (_, i) => ({
        actor: `account:${people.holder.sub}`,
        action: 'login.password',
        target: `account:${people.holder.sub}`,
        result: i % 2 ? ('failure' as const) : ('success' as const),
        details: { n: i },
      })),
    );
  });

  it('filters by actor and action, newest first, in the timeline’s words', async () => {
    const { admin, people } = world();
    agent = await noScript();
    page = await signIn(agent, people.agent);
    await page.click('nav a[href="/audit"]');
    assert.equal(await page.locator('h1').innerText(), '稽核紀錄');
    await page.fill('#actor', 'hd.agent');
    await page.selectOption('#action', 'helpdesk.unlock');
    await Promise.all([page.waitForNavigation(), page.click('form.audit-filters button[type=submit]')]);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/audit');
    assert.equal(url.searchParams.get('action'), 'helpdesk.unlock');
    const rows = page.locator('table.audit-log tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match(await rows.innerText(), /客服解除鎖定\s+admin:hd\.agent\s+account:\S+\s+—\s+臺北的家長來電/);

    await page.goto(`${admin.url}/audit?target=locked.student`);
    const texts = await page.locator('table.audit-log tbody tr').allInnerTexts();
    assert.match(texts[0]!, /客服修改聯絡方式/, 'newest first');
    assert.match(texts[texts.length - 1]!, /建立帳號/);
  });

  it('pages by keyset (before=<id>), with no row twice and none missed', async () => {
    const { admin, people } = world();
    const seen: string[] = [];
    let href: string | null = `${admin.url}/audit?target=${people.holder.sub}&action=login.password`;
    for (let pages = 0; href && pages < 5; pages++) {
      await page.goto(href);
      seen.push(
        ...(await page
          .locator('table.audit-log tbody tr')
          .evaluateAll((r) => r.map((x) => x.getAttribute('data-id')!))),
      );
      const next = page.locator('a[rel=next]');
      href = (await next.count()) ? new URL((await next.getAttribute('href'))!, admin.url).href : null;
    }
    assert.equal(seen.length, 120);
    assert.equal(new Set(seen).size, 120);
    const ids = seen.map(Number);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
      'newest first across pages',
    );
    assert.match(page.url(), /before=\d+/);
  });

  it('a filter of SQL finds nothing and errors nothing; a bad cursor or date is ignored', async () => {
    const { admin } = world();
    for (const q of [
      `actor=${encodeURIComponent("' OR 1=1 --")}`,
      `target=${encodeURIComponent("' OR 1=1 --")}`,
      `action=${encodeURIComponent("' OR 1=1 --")}`,
      `actor=${encodeURIComponent("admin:x' OR '1'='1")}`,
    ]) {
      const r = await page.goto(`${admin.url}/audit?${q}`);
      assert.equal(r!.status(), 200, q);
      assert.equal(await page.locator('.notice').innerText(), '沒有符合的紀錄。', q);
    }
    for (const q of ['before=1%20OR%201=1', 'from=yesterday&to=2026-13-45', 'before[]=1&actor[]=x']) {
      const r = await page.goto(`${admin.url}/audit?${q}`);
      assert.equal(r!.status(), 200, q);
      assert.ok((await page.locator('table.audit-log tbody tr').count()) > 0, q);
    }
  });

  it('exports the filtered set as UTF-8 CSV with a BOM, formulas defused, and audits the export', async () => {
    const { admin, ctx } = world();
    await page.goto(`${admin.url}/audit?actor=hd.agent`);
    const csrf = await csrfOf(page);
    const r = await page.request.post(`${admin.url}/audit/export`, {
      form: { csrf, actor: 'hd.agent', target: '', action: '', from: '', to: '' },
    });
    assert.equal(r.status(), 200);
    assert.match(r.headers()['content-type']!, /^text\/csv; charset=utf-8/);
    assert.match(r.headers()['content-disposition']!, /^attachment; filename="audit-\d{8}\.csv"$/);
    const bytes = await r.body();
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const csv = bytes.subarray(3).toString('utf8');
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], '編號,時間,事件,事件代碼,結果,執行者,對象,IP,原因');
    // A username finds both what they did as staff and as an account holder (their own sign-ins).
    const mine = [',admin:hd.agent,', `,account:${world().people.agent.sub},`];
    assert.ok(
      lines.slice(1).every((l) => mine.some((m) => l.includes(m))),
      csv,
    );
    assert.match(lines[1]!, /匯出稽核紀錄,helpdesk\.audit-export/, 'the export is in its own export');
    assert.match(
      csv,
      /客服解除鎖定,helpdesk\.unlock,成功,admin:hd\.agent,account:[0-9a-f-]{36},,臺北的家長來電/,
    );
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""點我"")"`), csv);
    assert.ok(!/(^|,)=HYPERLINK/m.test(csv), 'no cell starts with =');

    const [exported] = (await ctx.app
      .get(DataSource)
      .query(
        `SELECT actor, details FROM audit_events WHERE action = 'helpdesk.audit-export' ORDER BY id DESC LIMIT 1`,
      )) as {
      actor: string;
      details: string | { filters: { actor: string } };
    }[];
    assert.equal(exported!.actor, 'admin:hd.agent');
    const details = typeof exported!.details === 'string' ? JSON.parse(exported!.details) : exported!.details;
    assert.equal(details.filters.actor, 'hd.agent');

    const forged = await page.request.post(`${admin.url}/audit/export`, { form: { csrf: 'x'.repeat(43) } });
    assert.equal(forged.status(), 403);
    await agent.close();
  });

  it("a county admin sees and exports only their county's accounts' events, whatever the URL asks", async () => {
    const { admin, people } = world();
    const context = await noScript();
    const tp = await signIn(context, people.taipei);
    await tp.goto(`${admin.url}/audit`);
    assert.match(await tp.locator('main').innerText(), /只顯示對象在您管理範圍內的紀錄/);
    const shown = await tp.locator('table.audit-log tbody').innerText();
    assert.ok(shown.includes(`account:${taipeiPupil}`));
    assert.ok(!shown.includes(people.student.sub) && !shown.includes(people.holder.sub), shown);

    for (const q of [
      `target=${people.student.sub}`,
      'target=locked.student',
      `target=account:${people.holder.sub}`,
    ]) {
      await tp.goto(`${admin.url}/audit?${q}`);
      assert.equal(await tp.locator('.notice').innerText(), '沒有符合的紀錄。', q);
    }
    const csrf = await csrfOf(tp);
    const all = await tp.request.post(`${admin.url}/audit/export`, { form: { csrf } });
    const csv = (await all.body()).toString('utf8');
    assert.ok(csv.includes(taipeiPupil), csv);
    for (const other of [people.student.sub, people.holder.sub, people.agent.sub])
      assert.ok(!csv.includes(other), `no row about ${other}`);
    const probe = await tp.request.post(`${admin.url}/audit/export`, {
      form: { csrf, target: people.student.sub },
    });
    assert.equal((await probe.body()).toString('utf8').trimEnd().split('\r\n').length, 1, 'header only');
    await context.close();
  });

  it('the actor filter is served by an index (EXPLAIN), paging stays on the primary key', async () => {
    const db = world().ctx.app.get(DataSource);
    const plan = (await db.query(
      `EXPLAIN SELECT e.id FROM audit_events e WHERE e.actor IN (?, ?) AND e.id < ? ORDER BY e.id DESC LIMIT 51`,
      ['admin:hd.agent', 'account:x', '1000000'],
    )) as { key: string | null; type: string }[];
    assert.equal(plan[0]!.key, 'ix_audit_actor', JSON.stringify(plan));
    const unfiltered = (await db.query(
      `EXPLAIN SELECT e.id FROM audit_events e WHERE 1 = 1 AND e.id < ? ORDER BY e.id DESC LIMIT 51`,
      ['1000000'],
    )) as { key: string | null }[];
    assert.equal(unfiltered[0]!.key, 'PRIMARY', JSON.stringify(unfiltered));
  });
});
