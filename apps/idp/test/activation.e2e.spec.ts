import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { AccountRepository, makeNationalId } from '#identity-core';
import { client, STUDENT } from './oidc-harness.js';
import { FormClient } from '#test-support';
import { HEADER, MING, MEI, HUA, NOBODY, errorTexts, activationE2e } from './activation.fixture.js';

describe('activation and application, end to end', () => {
  const fx = activationE2e();
  const { h, codes, cli, lastMessage, text, submitAndWait } = fx;
  let config: client.Configuration;
  let dir: string;
  before(() => ({ config, dir } = fx.world()));

  it('imports a Big5 roster with the CLI: bad lines reported by number, the rest kept; again changes nothing', () => {
    const file = join(dir, 'roster-big5.csv');
    const roster = [
      HEADER,
      `${MING.nationalId},${MING.name},101/03/04,074601,學生,5,02,五年二班,114,1`,
      'A123456788,錯字號,2012-03-04,074601,學生,5,02,五年二班,114,1',
      `${MEI.nationalId},${MEI.name},${MEI.birthDate},074601,學生,4,01,四年一班,114,1`,
      `${HUA.nationalId},"${HUA.name},1980-01-02,074601,教師,,,,114,1`,
      `${HUA.nationalId},${HUA.name},1980-01-02,999999,教師,,,,114,1`,
      `${makeNationalId('S', '1', '4000005')},${'名'.repeat(70)},2012-03-04,074601,學生,5,02,x,114,1`,
    ].join('\r\n');
    writeFileSync(file, iconv.encode(roster, 'cp950'));
    const first = cli('accounts:import', file);
    assert.equal(first.code, 1, first.err);
    assert.match(first.out, /Big5, 6 rows/, first.err);
    assert.match(first.out, /created 2, updated 0, unchanged 0, refused 4/);
    assert.match(first.out, /line 3: national_id: check digit is wrong/);
    assert.match(first.out, /line 5: not valid CSV/);
    assert.match(first.out, /line 6: school_id: school 999999 is not in the school directory/);
    assert.match(first.out, /line 7: name: is longer than 64 characters/);
    assert.ok(!first.out.includes(MING.nationalId), 'no national ID in the output');

    const fixed = join(dir, 'roster-utf8.csv');
    writeFileSync(
      fixed,
      `\ufeff${HEADER}\n${HUA.nationalId},${HUA.name},1980-01-02,074601,教師|導師,,,,114,1\n`,
    );
    assert.equal(cli('accounts:import', fixed).code, 0);
    const again = cli('accounts:import', file, '--json');
    const report = JSON.parse(again.out);
    assert.deepEqual([report.created, report.updated, report.unchanged], [0, 0, 2]);

    const broken = cli('accounts:import', join(dir, 'missing.csv'));
    assert.equal(broken.code, 2);
    assert.match(broken.err, /cannot read .*ENOENT/);
    const noHeader = join(dir, 'no-header.csv');
    writeFileSync(noHeader, `${MING.nationalId},${MING.name},2012-03-04,074601,學生,5,02,x,114,1\n`);
    const refused = cli('accounts:import', noHeader);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /line 1: the header row must name the columns/);
  });

  it('issues activation codes with the CLI: masked IDs, codes shown once, stored hashed; --out writes a CSV', () => {
    const out = join(dir, 'codes.csv');
    const r = cli('accounts:activation-codes', '--school', '074601', '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /3 codes issued/, r.err);
    const csv = readFileSync(out, 'utf8');
    assert.ok(csv.startsWith('\ufeffnational_id_masked,name'));
    assert.ok(csv.endsWith('\r\n'));
    for (const p of [MING, MEI, HUA]) {
      // No cell here holds a comma or a quote: plain RFC 4180 fields, one line per account.
      const cells = csv
        .split('\r\n')
        .find((l) => l.includes(p.name))!
        .split(',');
      assert.equal(cells.length, 7);
      assert.equal(cells[0], `${p.nationalId.slice(0, 2)}*****${p.nationalId.slice(7)}`);
      assert.equal(cells[1], p.name);
      assert.match(cells[5]!, /^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
      assert.match(cells[6]!, /^\d{4}-\d{2}-\d{2}$/);
      codes.set(p.nationalId, cells[5]!);
    }
    const again = cli('accounts:activation-codes', '--school', '074601', '--json');
    assert.deepEqual(JSON.parse(again.out).issued, [], 'nobody gets a second code while the first is valid');
    const overwrite = cli('accounts:activation-codes', '--school', '074601', '--out', out);
    assert.equal(overwrite.code, 2, `no overwrite: ${overwrite.err}`);
    assert.equal(cli('accounts:activation-codes', '--school', '000000').code, 1);
  });

  it('activates in Chromium (zh-TW, no JavaScript) with the code, then signs in through a relying party', async () => {
    const context = await h.browser.newContext({ locale: 'zh-TW', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${h.idp.url}/activate`);
    assert.equal(await page.title(), '啟用教育雲端帳號 | 教育體系單一簽入服務');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant-TW');
    for (const id of ['national_id', 'birth_date', 'activation_code'])
      assert.equal(await page.locator(`label[for=${id}]`).count(), 1, id);
    await page.fill('#national_id', MING.nationalId.toLowerCase());
    await page.fill('#birth_date', '民國101/3/4');
    await page.fill('#activation_code', codes.get(MING.nationalId)!.toLowerCase());
    await submitAndWait(page);
    assert.ok(page.url().endsWith('/activate/account'), page.url());
    assert.match(await text(page, 'main'), /黃小明 您好/);

    await page.fill('#username', 'admin');
    await page.fill('#password', 'password');
    await page.fill('#password_confirm', 'password');
    await submitAndWait(page);
    assert.match(await page.title(), /^錯誤：/);
    assert.match(await text(page, '.error-summary'), /系統保留名稱/);
    assert.match(await text(page, '.error-summary'), /太常見/);
    assert.equal(await page.getAttribute('#username', 'aria-invalid'), 'true');
    await page.fill('#username', 'huang.ming');
    await page.fill('#password', 'sunny river under old bridges');
    await page.fill('#password_confirm', 'sunny river under old bridges');
    await submitAndWait(page);
    assert.ok(page.url().endsWith('/activate/contact'), page.url());

    await page.fill('#email', 'ming.parent@example.com');
    await submitAndWait(page);
    assert.ok(page.url().endsWith('/activate/verify'), page.url());
    const mail = await lastMessage('ming.parent@example.com', 'contact.verify-email');
    assert.equal(mail.locale, 'zh-TW');
    await page.fill('#email_code', mail.data.code === '000000' ? '000001' : '000000');
    await submitAndWait(page);
    assert.match(await text(page, '.error-summary'), /驗證碼錯誤，還可再試 4 次/);
    await page.fill('#email_code', mail.data.code!);
    await submitAndWait(page);
    assert.ok(page.url().endsWith('/activate/done'), page.url());
    assert.match(await text(page, 'main'), /您的帳號：huang\.ming@mail\.edu\.tw/);
    await context.close();

    const browser = await h.browser.newContext({ locale: 'zh-TW' });
    const { tokens } = await h.fullLogin(config, browser, {
      ...STUDENT,
      username: 'huang.ming',
      password: 'sunny river under old bridges',
    });
    const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    assert.equal(info.preferred_username, 'huang.ming');
    assert.equal(info.name, '黃小明');
    await browser.close();
  });

  it('applies in Chromium (English), the helpdesk approves with the CLI, the mailed code activates, then signs in', async () => {
    const context = await h.browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${h.idp.url}/apply`);
    assert.equal(
      await page.title(),
      'Apply for an Education Cloud account | Education Single Sign-On Service',
    );
    const learner = makeNationalId('T', '2', '4000006');
    await page.fill('#national_id', learner);
    await page.fill('#name', '終身學習者');
    await page.fill('#birth_date', '1975-12-31');
    await page.fill('#email', 'learner@example.org');
    await page.fill('#phone', '0955-123-456');
    await submitAndWait(page);
    assert.ok(page.url().endsWith('/apply/verify'), page.url());
    assert.equal(await page.locator('#email_code').count(), 1);
    assert.equal(await page.locator('#phone_code').count(), 1);
    await page.fill(
      '#email_code',
      (await lastMessage('learner@example.org', 'contact.verify-email')).data.code!,
    );
    await page.fill('#phone_code', (await lastMessage('0955123456', 'contact.verify-phone')).data.code!);
    await submitAndWait(page);
    assert.ok(page.url().endsWith('/apply/done'), page.url());
    assert.match(await text(page, 'main'), /We have received your application/);
    assert.equal((await lastMessage('learner@example.org', 'application.received')).locale, 'en');

    const list = cli('applications:list', '--json');
    assert.equal(list.code, 0, list.err);
    const pending = JSON.parse(list.out) as { id: string; name: string; nationalId: string }[];
    const mine = pending.find((a) => a.name === '終身學習者')!;
    assert.equal(mine.nationalId, `${learner.slice(0, 2)}*****${learner.slice(7)}`);
    const approved = cli('applications:approve', mine.id);
    assert.equal(approved.code, 0, approved.err);
    assert.match(approved.out, /approved #\d+: account .* is pending; activation code mailed/);
    assert.equal(cli('applications:approve', mine.id).code, 1, 'already approved');
    const mailed = await lastMessage('learner@example.org', 'application.approved');
    assert.equal(mailed.data.link, `${h.idp.url}/activate`);

    await page.goto(mailed.data.link!);
    await page.fill('#national_id', learner);
    await page.fill('#birth_date', '1975-12-31');
    await page.fill('#activation_code', mailed.data.code!);
    await submitAndWait(page);
    await page.fill('#username', 'life.learner');
    await page.fill('#password', 'learning never stops here');
    await page.fill('#password_confirm', 'learning never stops here');
    await submitAndWait(page);
    assert.ok(page.url().endsWith('/activate/contact'));
    assert.equal(await page.inputValue('#email'), 'learner@example.org', 'verified contacts are prefilled');
    await submitAndWait(page);
    assert.ok(page.url().endsWith('/activate/done'), 'already verified: no new code needed');
    await context.close();

    const browser = await h.browser.newContext();
    const { tokens } = await h.fullLogin(config, browser, {
      ...STUDENT,
      username: 'life.learner',
      password: 'learning never stops here',
    });
    assert.ok(tokens.access_token);
    await browser.close();
  });

  it('rejects with a reason by mail', async () => {
    const c = new FormClient(h.idp.url);
    const start = await c.submit('/apply', {
      national_id: makeNationalId('U', '1', '4000007'),
      name: '被拒者',
      birth_date: '1990-01-01',
      email: 'rejected@example.org',
      phone: '0955000111',
    });
    assert.equal(start.status, 303, start.html);
    await c.submit('/apply/verify', {
      email_code: (await lastMessage('rejected@example.org', 'contact.verify-email')).data.code!,
      phone_code: (await lastMessage('0955000111', 'contact.verify-phone')).data.code!,
    });
    const id = (JSON.parse(cli('applications:list', '--json').out) as { id: string; name: string }[]).find(
      (a) => a.name === '被拒者',
    )!.id;
    assert.equal(cli('applications:reject', id).code, 2, '--reason is required');
    const r = cli('applications:reject', id, '--reason', '資料不符，請洽客服');
    assert.equal(r.code, 0, r.err);
    assert.equal(
      (await lastMessage('rejected@example.org', 'application.rejected')).data.reason,
      '資料不符，請洽客服',
    );
  });

  it('bad input gets a clear message and never a 500: malformed IDs, wrong, expired and reused codes, oversized fields', async () => {
    const c = new FormClient(h.idp.url);
    const post = (form: Record<string, string>) => c.submit('/activate', form);

    const malformed = await post({ national_id: 'A12345', birth_date: '2012-02-30', activation_code: '??' });
    assert.equal(malformed.status, 400);
    assert.deepEqual(errorTexts(malformed.html), [
      '身分證字號格式不正確，應為 1 個英文字母加 9 個數字（或居留證號）。',
      '出生日期不是有效的日期。',
      '啟用碼應為 10 個英文字母或數字。',
    ]);
    const checksum = await post({ national_id: 'A123456788', birth_date: '', activation_code: '' });
    assert.deepEqual(errorTexts(checksum.html), [
      '身分證字號的檢查碼不正確，請確認是否輸入錯誤。',
      '請輸入出生日期。',
      '請輸入啟用碼。',
    ]);

    const failed = '身分證字號、出生日期或啟用碼不正確';
    const wrongCode = await post({
      national_id: MEI.nationalId,
      birth_date: MEI.birthDate,
      activation_code: 'AAAAA-AAAAA',
    });
    assert.equal(wrongCode.status, 400);
    assert.ok(errorTexts(wrongCode.html)[0]!.startsWith(failed));

    // Expired: the school's code for MEI passes its end date.
    const mei = (await h.ctx.app.get(AccountRepository).findByNationalId(MEI.nationalId))!;
    await h.ctx.app
      .get(DataSource)
      .query('UPDATE activation_codes SET expires_at = NOW(3) - INTERVAL 1 DAY WHERE account_id = ?', [
        mei.id,
      ]);
    const expired = await post({
      national_id: MEI.nationalId,
      birth_date: MEI.birthDate,
      activation_code: codes.get(MEI.nationalId)!,
    });
    assert.equal(expired.status, 400);
    assert.ok(errorTexts(expired.html)[0]!.startsWith(failed));

    // Reused: MING activated with his code in the browser test.
    const reused = await post({
      national_id: MING.nationalId,
      birth_date: MING.birthDate,
      activation_code: codes.get(MING.nationalId)!,
    });
    assert.ok(errorTexts(reused.html)[0]!.startsWith(failed));

    // Oversized: a message per field, and a body past the parser's limit is a 413 page, not a 500.
    const big = await post({
      national_id: 'A'.repeat(5000),
      birth_date: '1'.repeat(100),
      activation_code: 'x'.repeat(100),
    });
    assert.equal(big.status, 400);
    assert.deepEqual(errorTexts(big.html), [
      '身分證字號過長，最多 32 個字元。',
      '出生日期過長，最多 32 個字元。',
      '啟用碼過長，最多 64 個字元。',
    ]);
    const huge = await c.request('/activate', { body: `national_id=${'A'.repeat(40_000)}` });
    assert.equal(huge.status, 413);
    assert.doesNotMatch(huge.html, /at .*\.js:\d+|Error:/);
    const apply = await c.submit('/apply', {
      national_id: MEI.nationalId,
      name: '名'.repeat(65),
      birth_date: '1990-01-01',
      email: `${'a'.repeat(250)}@x.tw`,
      phone: '12345',
    });
    assert.equal(apply.status, 400);
    assert.deepEqual(errorTexts(apply.html), [
      '姓名過長，最多 64 個字元。',
      '電子郵件過長，最多 254 個字元。',
    ]);
    assert.match(apply.html, /id="name"[^>]*value=""/, 'oversized values are not echoed back');
    assert.match(apply.html, /id="phone"[^>]*value="12345"/, 'the others are kept');
    const weird = await c.request('/activate', {
      body: 'csrf=x&national_id=A&national_id=B&birth_date[x]=1',
    });
    assert.equal(weird.status, 403);

    // Flow pages without a flow send the person back to the start, with a message.
    const lost = await new FormClient(h.idp.url).request('/activate/verify');
    assert.equal(lost.status, 303);
    assert.equal(lost.location, '/activate?expired=1');
    const notice = await c.request('/activate?expired=1');
    assert.match(notice.html, /啟用流程已逾時或已結束，請重新開始。/);
  });

  it('refuses forms without the CSRF field, with a message and a fresh form', async () => {
    const c = new FormClient(h.idp.url);
    await c.request('/activate');
    const r = await c.request('/activate', {
      form: { national_id: MEI.nationalId, birth_date: MEI.birthDate, activation_code: 'AAAAA-AAAAA' },
    });
    assert.equal(r.status, 403);
    assert.match(r.html, /此表單已失效/);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /form-action 'self'$/);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.doesNotMatch(r.html, /<script|style=|\son[a-z]+=/i, 'no inline script or style');
    assert.match(r.html, /name="csrf" value="[^"]+"/);
    const cross = await new FormClient(h.idp.url).request('/apply', {
      form: {
        csrf: 'forged',
        national_id: NOBODY,
        name: 'x',
        birth_date: '1990-01-01',
        email: 'a@b.tw',
        phone: '0912345678',
      },
    });
    assert.equal(cross.status, 403);
  });

  it('does not tell who has an account: identical answers on activation and on apply', async () => {
    // Activation: the same wrong code for a pending account, an activated one and nobody.
    const answers = [];
    for (const nationalId of [HUA.nationalId, MING.nationalId, NOBODY]) {
      const c = new FormClient(h.idp.url);
      const r = await c.submit('/activate', {
        national_id: nationalId,
        birth_date: '1980-01-02',
        activation_code: 'BBBBB-BBBBB',
      });
      answers.push({
        status: r.status,
        body: r.html.replaceAll(nationalId, 'ID').replace(/value="[\w-]{20,}"/, ''),
      });
    }
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(answers[2], answers[0]);

    // Apply: an ID with an account and one without take the same pages to the same end.
    const flows = [];
    for (const [nationalId, email, phone] of [
      [MING.nationalId, 'dup.apply@example.org', '0966000001'],
      [makeNationalId('V', '2', '4000008'), 'new.apply@example.org', '0966000002'],
    ] as const) {
      const c = new FormClient(h.idp.url);
      const start = await c.submit('/apply', {
        national_id: nationalId,
        name: '某人',
        birth_date: '1990-01-01',
        email,
        phone,
      });
      const verifyPage = await c.request('/apply/verify');
      const done = await c.submit('/apply/verify', {
        email_code: (await lastMessage(email, 'contact.verify-email')).data.code!,
        phone_code: (await lastMessage(phone, 'contact.verify-phone')).data.code!,
      });
      const final = await c.request(done.location!);
      const received = await lastMessage(email, 'application.received');
      flows.push({
        start: [start.status, start.location],
        verify: verifyPage.html
          .replaceAll(email, 'E')
          .replaceAll(phone, 'P')
          .replace(/value="[\w-]{20,}"/g, ''),
        done: [done.status, done.location, final.status, fx.withoutReference(final.html)],
        mail: [received.template, received.data.name],
      });
    }
    assert.deepEqual(flows[1], flows[0]);
  });
});
