import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OidcHarness, type RegisteredClient } from './oidc-harness.js';

/**
 * 登入說明: one help page per way of signing in (how, what to do when it fails, the helpdesk),
 * linked from the footer of every page, in zh-TW and English.
 */
describe('help pages, end to end', () => {
  const h = new OidcHarness();
  let rp: RegisteredClient;

  before(async () => {
    await h.start();
    rp = await h.registerClient({ name: '學習平臺', firstParty: true });
  });
  after(() => h.stop());

  it('zh-TW: every page links the help; each topic says how, what to do when it fails, and whom to call', async () => {
    const context = await h.browser.newContext({ locale: 'zh-TW', javaScriptEnabled: false });
    const page = await context.newPage();
    const login = (await h.authorizationUrl(await h.rpConfig(rp))).url.toString();
    for (const path of [login, '/forgot', '/forgot/username', '/activate', '/apply', '/apply/status', '/']) {
      await page.goto(path.startsWith('http') ? path : `${h.idp.url}${path}`);
      assert.equal(
        await page.getAttribute('footer .help-link a', 'href'),
        '/help?ui_locales=zh-TW',
        `help link on ${path}`,
      );
    }
    await page.click('footer .help-link a');
    assert.equal(await page.textContent('h1'), '登入說明與常見問題');
    const topics = await page.locator('.help-topics a').allTextContents();
    assert.deepEqual(
      topics.map((s) => s.trim()),
      [
        '使用帳號密碼登入',
        '驗證器 App 與簡訊驗證碼',
        '使用縣市教育網路帳號登入',
        '使用自然人憑證或行動自然人憑證登入',
        '啟用或申請教育雲端帳號',
      ],
    );
    const hrefs = await page
      .locator('.help-topics a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const href of hrefs) {
      const r = await page.goto(`${h.idp.url}${href}`);
      assert.equal(r!.status(), 200, href);
      const main = (await page.textContent('main'))!;
      assert.match(main, /如何登入/, href);
      assert.match(main, /登入失敗怎麼辦/, href);
      assert.match(main, /070-101-00107/, href);
      assert.match(main, /oidcservice@mail\.edu\.tw/, href);
      assert.equal(await page.locator('h1').count(), 1);
    }
    // The password topic leads to the pages that help.
    await page.goto(`${h.idp.url}/help/password?ui_locales=zh-TW`);
    assert.equal(await page.getAttribute('a:text("忘記教育雲端密碼")', 'href'), '/forgot?ui_locales=zh-TW');
    await context.close();
  });

  it('English, and an unknown topic is a plain 404 page (the 320 px layout: phone-layout.e2e)', async () => {
    const r = await fetch(`${h.idp.url}/help/password?ui_locales=en`);
    const body = await r.text();
    assert.equal(r.status, 200);
    assert.match(body, /<html lang="en">/);
    assert.match(body, /How to sign in/);
    assert.match(body, /When it does not work/);
    assert.match(body, /Still stuck\? Contact the helpdesk/);
    assert.match(body, /href="\/help\?ui_locales=en"/);
    assert.doesNotMatch(body, /<script/);

    const missing = await fetch(`${h.idp.url}/help/nothing-here?ui_locales=en`);
    assert.equal(missing.status, 404);
    assert.doesNotMatch(await missing.text(), /NotFoundException|at .*\.js/);
  });
});
