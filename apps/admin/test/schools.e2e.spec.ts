import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { runCli } from '#test-support';
import { adminE2e } from './admin.fixture.js';

/**
 * The schools directory: search and pages for every role; edits only within the staff member's
 * county or school (404 by URL and by form post otherwise); the ministry's list imported by a
 * superadmin as a Big5 upload, with its summary.
 */
describe('admin: schools directory', () => {
  const { world, noScript, submit, signIn, csrfOf } = adminE2e();
  const db = () => world().ctx.app.get(DataSource);
  const school = async (eduid: string) =>
    (
      (await db().query('SELECT name, county, status FROM schools WHERE eduid = ?', [eduid])) as {
        name: string;
        county: string;
        status: string;
      }[]
    )[0];

  async function post(page: Page, path: string, form: Record<string, string>) {
    return page.request.post(`${world().admin.url}${path}`, { form, maxRedirects: 0 });
  }

  it('a superadmin imports the ministry list as Big5: a summary with the refused line; pages of 20', async () => {
    const { people, admin } = world();
    const page = await signIn(await noScript(), people.boss);
    await submit(page, 'a[href="/schools"]');
    await submit(page, 'a[href="/schools/import"]');
    const lines = ['學校代碼,學校名稱,縣市名稱'];
    for (let i = 0; i < 25; i++) lines.push(`3936${String(i).padStart(2, '0')},高雄市立測試國小${i},高雄市`);
    lines.push(',沒有代碼的學校,高雄市');
    const file = iconv.encode(`${lines.join('\r\n')}\r\n`, 'cp950');
    await page.setInputFiles('#file', { name: 'schools.csv', mimeType: 'text/csv', buffer: file });
    await submit(page, 'form.school-import button');
    assert.match(
      await page.locator('.import-report p.notice').innerText(),
      /共 26 行（編碼 big5）：新增 25、更新 0、未變更 0、無法匯入 1。/,
    );
    assert.match(await page.locator('.import-problems').innerText(), /第 27 行/);
    assert.equal((await school('393624'))?.name, '高雄市立測試國小24');

    await page.goto(`${admin.url}/schools?county=${encodeURIComponent('高雄市')}`);
    assert.equal(await page.locator('table.schools tbody tr').count(), 20);
    await submit(page, '.pager a');
    assert.equal(await page.locator('table.schools tbody tr').count(), 5);
    await page.goto(`${admin.url}/schools?q=${encodeURIComponent('測試國小2')}`);
    assert.equal(await page.locator('table.schools tbody tr').count(), 6); // 2 and 20–24
    const [event] = await db().query(
      `SELECT actor, details FROM audit_events WHERE action = 'schools.import'`,
    );
    assert.equal(event.actor, 'admin:hd.boss');
    assert.equal(event.details.created, 25);

    // Too large an upload is a page, not a stack trace.
    const big = await page.request.post(`${admin.url}/schools/import`, {
      multipart: {
        csrf: await csrfOf(page),
        file: { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(9 * 1024 * 1024, 0x41) },
      },
      maxRedirects: 0,
    });
    assert.equal(big.status(), 413);
    assert.match(await big.text(), /檔案太大/);
  });

  it("a county admin edits a school of their county (never moving it out), and gets 404 for another county's", async () => {
    const { people, admin } = world();
    const page = await signIn(await noScript(), people.taipei);
    await submit(page, 'a[href="/schools"]');
    await page.fill('#q', '示範');
    await submit(page);
    const rows = page.locator('table.schools tbody tr');
    assert.equal(await rows.count(), 2);
    assert.equal(await page.locator('table.schools a[href="/schools/193601"]').count(), 1);
    assert.equal(await page.locator('table.schools a[href="/schools/074601"]').count(), 0);
    await submit(page, 'a[href="/schools/193601"]');
    assert.equal(await page.locator('#county').getAttribute('readonly'), '');
    await page.fill('#name', '臺北市立示範國民小學');
    await page.selectOption('#status', 'closed');
    await submit(page, 'form.school-form button');
    assert.equal(await page.locator('p.notice').innerText(), '已儲存。');
    assert.deepEqual(
      { ...(await school('193601')) },
      { name: '臺北市立示範國民小學', county: '臺北市', status: 'closed' },
    );

    const csrf = await csrfOf(page);
    const moved = await post(page, '/schools/193601', {
      csrf,
      name: '臺北市立示範國民小學',
      county: '臺中市',
      status: 'open',
    });
    assert.equal(moved.status(), 303);
    assert.equal((await school('193601'))?.county, '臺北市');

    assert.equal((await page.goto(`${admin.url}/schools/074601`))?.status(), 404);
    const other = await post(page, '/schools/074601', {
      csrf,
      name: '改名',
      county: '臺中市',
      status: 'open',
    });
    assert.equal(other.status(), 404);
    assert.equal((await school('074601'))?.name, '臺中市立示範國中');
    assert.equal((await page.goto(`${admin.url}/schools/import`))?.status(), 404);

    const noCsrf = await post(page, '/schools/193601', {
      name: '沒有 CSRF',
      county: '臺北市',
      status: 'open',
    });
    assert.equal(noCsrf.status(), 403);
    assert.equal((await school('193601'))?.name, '臺北市立示範國民小學');
    const [event] = await db().query(
      `SELECT actor, details FROM audit_events WHERE action = 'school.update' AND target = 'school:193601' ORDER BY id LIMIT 1`,
    );
    assert.equal(event.actor, 'admin:tp.admin');
    assert.deepEqual(event.details.changed, ['name', 'status']);
  });

  it('a school admin edits only their own school; the helpdesk reads only', async () => {
    const { people, admin, env } = world();
    const r = runCli(env, 'staff:grant', 'mfa.holder', '--role', 'school-admin', '--school', '074601');
    assert.equal(r.code, 0, r.err + r.out);
    const page = await signIn(await noScript(), people.holder);
    await page.goto(`${admin.url}/schools/074601`);
    await page.fill('#name', '臺中市立示範國民中學');
    await submit(page, 'form.school-form button');
    assert.equal((await school('074601'))?.name, '臺中市立示範國民中學');
    assert.equal((await page.goto(`${admin.url}/schools/193601`))?.status(), 404);
    await page.goto(`${admin.url}/schools`);
    const csrf = await csrfOf(page);
    assert.equal(
      (await post(page, '/schools/193601', { csrf, name: 'x', county: '臺北市', status: 'open' })).status(),
      404,
    );

    const agent = await signIn(await noScript(), people.agent);
    await agent.goto(`${admin.url}/schools?q=074601`);
    assert.equal(await agent.locator('table.schools tbody tr').count(), 1);
    assert.equal(await agent.locator('table.schools a').count(), 0);
    assert.equal((await agent.goto(`${admin.url}/schools/074601`))?.status(), 404);
    await agent.goto(`${admin.url}/schools`);
    const agentCsrf = await csrfOf(agent);
    const edit = await post(agent, '/schools/074601', {
      csrf: agentCsrf,
      name: 'x',
      county: '臺中市',
      status: 'open',
    });
    assert.equal(edit.status(), 404);
    // The upload route is not there for the helpdesk whatever the file's size (the role is checked
    // before the file is read: never the 413 that would say the page exists).
    for (const buffer of [Buffer.from('eduid,schoolname,county\n'), Buffer.alloc(9 * 1024 * 1024, 0x41)]) {
      const upload = await agent.request.post(`${admin.url}/schools/import`, {
        multipart: { csrf: agentCsrf, file: { name: 's.csv', mimeType: 'text/csv', buffer } },
        maxRedirects: 0,
      });
      assert.equal(upload.status(), 404, `${buffer.length} bytes`);
      assert.match(await upload.text(), /找不到此頁面/);
    }
    // Without a session the upload is not read: back to the landing page.
    const stranger = await noScript();
    const anonymous = await stranger.request.post(`${admin.url}/schools/import`, {
      multipart: {
        file: { name: 's.csv', mimeType: 'text/csv', buffer: Buffer.alloc(9 * 1024 * 1024, 0x41) },
      },
      maxRedirects: 0,
    });
    assert.equal(anonymous.status(), 303);
    assert.equal(anonymous.headers().location, '/');
    await stranger.close();
    assert.equal((await school('074601'))?.name, '臺中市立示範國民中學');
  });
});
