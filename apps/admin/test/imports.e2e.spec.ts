import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { makeNationalId } from '#identity-core';
import { runCli } from '#test-support';
import { adminE2e } from './admin.fixture.js';

const HEADER = 'national_id,name,birth_date,school_id,titles,grade,class_no,class_title,year,semester';
const line = (nid: string, name: string, school: string, classNo = '05') =>
  `${nid},${name},2012-03-04,${school},學生,2,${classNo},二年${classNo}班,115,1`;

/**
 * Bulk roster import as staff use it, in Chromium without JavaScript: upload (Big5) → progress
 * page that refreshes itself (meta refresh) → done → the problem report as CSV → the same file
 * again changes nothing; a school admin's lines of another school are reported, not imported;
 * wrong files get a clear page; then class activation letters.
 */
describe('helpdesk portal: roster import and class letters, end to end', () => {
  const { world, noScript, submit, signIn, csrfOf } = adminE2e();
  let boss: BrowserContext;
  let page: Page;
  const big5 = iconv.encode(
    [
      HEADER,
      line(makeNationalId('S', '1', '8100001'), '陳匯入', '074601'),
      line(makeNationalId('S', '2', '8100002'), '林匯入', '074601'),
      'A123,壞身分證,2012-03-04,074601,學生,2,05,二年05班,115,1',
      line(makeNationalId('S', '1', '8100003'), '張臺北', '193601'),
      line(makeNationalId('S', '2', '8100004'), '沒有的學校', '999999'),
    ].join('\r\n') + '\r\n',
    'big5',
  );

  before(() => {
    const r = runCli(
      world().env,
      'staff:grant',
      'mfa.holder',
      '--role',
      'school-admin',
      '--school',
      '074601',
    );
    assert.equal(r.code, 0, r.err + r.out);
  });

  const importCount = async () =>
    Number(
      (
        (await world().ctx.app.get(DataSource).query('SELECT COUNT(*) AS n FROM roster_imports')) as {
          n: string;
        }[]
      )[0]!.n,
    );

  async function upload(p: Page, name: string, buffer: Buffer, mimeType = 'text/csv') {
    await p.goto(`${world().admin.url}/imports`);
    await p.setInputFiles('#roster-file', { name, mimeType, buffer });
    return submit(p, 'form[action="/imports"] button');
  }

  /** The progress page reloads itself (no script) until the import is done. */
  async function untilDone(p: Page): Promise<string> {
    assert.match(new URL(p.url()).pathname, /^\/imports\/\d+$/);
    await p.locator('.import-status[data-status="done"]').waitFor({ timeout: 120_000 });
    assert.equal(await p.locator('meta[http-equiv="refresh"]').count(), 0);
    assert.equal(await p.locator('progress').getAttribute('value'), '100');
    return p.locator('.import-summary').innerText();
  }

  it('imports a Big5 roster through a progress page without JavaScript, with a problem report', async () => {
    const { people } = world();
    boss = await noScript();
    page = await signIn(boss, people.boss);
    const response = await upload(page, '名冊.csv', big5);
    assert.equal(response?.status(), 200);
    const html = await response!.text();
    // While it runs: the refresh, the progress bar, and the page's strict CSP (no script).
    if (/data-status="(queued|running)"/.test(html))
      assert.match(html, /<meta http-equiv="refresh" content="2"/);
    assert.match(html, /<progress id="import-progress" max="100"/);
    assert.match(response!.headers()['content-security-policy'] ?? '', /script-src 'none'/);
    assert.equal(await untilDone(page), '3 筆新增、0 筆更新、0 筆未變更、2 列有問題');

    const report = await page.request.get(
      `${world().admin.url}${await page.locator('a.import-report').getAttribute('href')}`,
    );
    assert.equal(report.status(), 200);
    assert.match(
      report.headers()['content-disposition'] ?? '',
      /^attachment; filename="roster-import-\d+-problems\.csv"$/,
    );
    const rows = (await report.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(rows[0], 'line,field,code,message');
    assert.match(rows[1], /^4,national_id,/);
    assert.match(rows[rows.length - 1], /^6,school_id,unknown_school,/);
    assert.equal(rows.length, 3);
  });

  it('re-imports the same file as a visible no-op', async () => {
    await upload(page, '名冊.csv', big5);
    assert.equal(await untilDone(page), '0 筆新增、0 筆更新、3 筆未變更、2 列有問題');
  });

  it('refuses other file types, oversized files and a post without its CSRF field, with clear pages', async () => {
    const png = await upload(page, 'photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'image/png');
    assert.equal(png?.status(), 415);
    assert.match(await page.locator('[role=alert]').innerText(), /只接受 CSV 檔/);
    const big = await page.request.post(`${world().admin.url}/imports`, {
      multipart: {
        csrf: await csrfOf(page),
        file: { name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(9 * 1024 * 1024, 0x41) },
      },
      maxRedirects: 0,
    });
    assert.equal(big.status(), 413);
    assert.match(await big.text(), /檔案太大，最大 8 MB/);
    const noCsrf = await page.request.post(`${world().admin.url}/imports`, {
      multipart: { file: { name: 'r.csv', mimeType: 'text/csv', buffer: big5 } },
      maxRedirects: 0,
    });
    assert.equal(noCsrf.status(), 403);
    // Without a session the upload is not read at all: back to the landing page.
    const stranger = await noScript();
    const anonymous = await stranger.request.post(`${world().admin.url}/imports`, {
      multipart: { file: { name: 'r.csv', mimeType: 'text/csv', buffer: big5 } },
      maxRedirects: 0,
    });
    assert.equal(anonymous.status(), 303);
    assert.equal(anonymous.headers().location, '/');
    await stranger.close();
    const notRoster = await upload(page, 'notes.csv', Buffer.from('hello,world\n1,2\n'));
    assert.equal(notRoster?.status(), 400);
    assert.match(await page.locator('[role=alert]').innerText(), /這個檔案不是名冊格式/);
  });

  it("reports a school admin's lines of other schools as problems, and hides others' imports", async () => {
    const { people, admin, ctx } = world();
    const school = await noScript();
    const sa = await signIn(school, people.holder);
    const utf8 = Buffer.from(
      [
        HEADER,
        line(makeNationalId('T', '1', '8200001'), '本校生', '074601', '07'),
        line(makeNationalId('T', '2', '8200002'), '他校生', '193601'),
      ].join('\n'),
    );
    await upload(sa, 'school.csv', utf8);
    assert.equal(await untilDone(sa), '1 筆新增、0 筆更新、0 筆未變更、1 列有問題');
    const report = await sa.request.get(
      `${admin.url}${await sa.locator('a.import-report').getAttribute('href')}`,
    );
    assert.match(await report.text(), /\r\n3,school_id,out_of_scope,/);
    const [other] = (await ctx.app
      .get(DataSource)
      .query(`SELECT COUNT(*) AS n FROM accounts WHERE display_name = '他校生'`)) as { n: string }[];
    assert.equal(Number(other.n), 0);
    // The superadmin's imports are not the school admin's: 404, page and report alike.
    const imports = (await ctx.app
      .get(DataSource)
      .query(`SELECT id FROM roster_imports WHERE actor = 'admin:hd.boss' ORDER BY id LIMIT 1`)) as {
      id: string;
    }[];
    assert.equal((await sa.goto(`${admin.url}/imports/${imports[0].id}`))?.status(), 404);
    assert.equal((await sa.request.get(`${admin.url}/imports/${imports[0].id}/report.csv`)).status(), 404);
    await school.close();
  });

  it('is not there for the helpdesk: 404 by URL and by upload, whatever the file’s size', async () => {
    const { admin } = world();
    const agent = await noScript();
    const hd = await signIn(agent, world().people.agent);
    assert.equal(await hd.locator('a[href="/imports"]').count(), 0);
    assert.equal((await hd.goto(`${admin.url}/imports`))?.status(), 404);
    assert.equal(await hd.locator('h1').innerText(), '找不到此頁面');
    await hd.goto(`${admin.url}/`);
    const csrf = await csrfOf(hd);
    const before = await importCount();
    for (const [name, buffer] of [
      ['small.csv', big5],
      ['huge.csv', Buffer.alloc(9 * 1024 * 1024, 0x41)],
    ] as const) {
      const r = await hd.request.post(`${admin.url}/imports`, {
        multipart: { csrf, file: { name, mimeType: 'text/csv', buffer } },
        maxRedirects: 0,
      });
      assert.equal(r.status(), 404, name);
      assert.match(await r.text(), /找不到此頁面/, name);
    }
    assert.equal(await importCount(), before, 'nothing queued');
    await agent.close();
  });

  it('prints activation letters for a class, revoking earlier codes, within scope only', async () => {
    const { admin, ctx } = world();
    await page.goto(`${admin.url}/letters`);
    assert.match(await page.locator('.letters-warning').innerText(), /先前的開通碼全部失效/);
    // From the finished import: its classes link to the form, filled in.
    const [first0] = (await ctx.app
      .get(DataSource)
      .query(`SELECT id FROM roster_imports WHERE actor = 'admin:hd.boss' ORDER BY id LIMIT 1`)) as {
      id: string;
    }[];
    await page.goto(`${admin.url}/imports/${first0.id}`);
    assert.deepEqual(await page.locator('ul.import-classes a').allInnerTexts(), [
      '074601 2 年級 05 班（2 人）',
      '193601 2 年級 05 班（1 人）',
    ]);
    await submit(page, 'ul.import-classes a >> nth=0');
    assert.equal(await page.locator('#letters-school').inputValue(), '074601');
    assert.equal(await page.locator('#letters-grade').inputValue(), '2');
    assert.equal(await page.locator('#letters-classNo').inputValue(), '05');
    const print = async (fromForm = false) => {
      if (!fromForm) await page.goto(`${admin.url}/letters?school=074601&grade=2&classNo=05`);
      await page.fill('#letters-reason', '開學發放');
      await submit(page, 'form[action="/letters"] button');
      return page.locator('article.activation-letter').allInnerTexts();
    };
    const first = await print(true);
    assert.equal(first.length, 2); // 陳匯入, 林匯入 (the 193601 pupil is another school's)
    assert.match(first.join('\n'), /陳匯入[\s\S]*開通碼：[A-Z0-9]{5}-[A-Z0-9]{5}/);
    const second = await print();
    assert.notDeepEqual(second, first);
    const [valid] = (await ctx.app.get(DataSource).query(
      `SELECT COUNT(*) AS n FROM activation_codes c JOIN accounts a ON a.id = c.account_id
        WHERE a.display_name IN ('陳匯入', '林匯入') AND c.revoked_at IS NULL`,
    )) as { n: string }[];
    assert.equal(Number(valid.n), 2);
    const [audit] = (await ctx.app
      .get(DataSource)
      .query(
        `SELECT COUNT(*) AS n FROM audit_events WHERE action = 'helpdesk.class-letters' AND actor = 'admin:hd.boss'`,
      )) as {
      n: string;
    }[];
    assert.equal(Number(audit.n), 2);
    // A county admin of 臺北市 asking for a 臺中市 school's class: 404.
    const county = await noScript();
    const tp = await signIn(county, world().people.taipei);
    await tp.goto(`${admin.url}/letters`);
    const out = await tp.request.post(`${admin.url}/letters`, {
      form: { csrf: await csrfOf(tp), school: '074601', grade: '2', classNo: '05', reason: '不是我的' },
      maxRedirects: 0,
    });
    assert.equal(out.status(), 404);
    await county.close();
    await boss.close();
  });
});
