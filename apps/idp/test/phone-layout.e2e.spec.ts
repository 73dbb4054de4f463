import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { OidcHarness, STUDENT } from './oidc-harness.js';

interface Layout {
  scrollWidth: number;
  viewport: number;
  /** Phone numbers (helpdesk lines, masked numbers) drawn on more than one line. */
  brokenNumbers: string[];
  /** Text links shorter than a 44 px tap target. */
  smallLinks: string[];
}

/** Measures the page as drawn: horizontal overflow, line boxes of phone numbers, link heights. */
async function measure(page: Page): Promise<Layout> {
  // The page's own types (this file compiles without the DOM library).
  interface Box {
    height: number;
  }
  interface El {
    textContent: string;
    getClientRects(): ArrayLike<Box>;
    getBoundingClientRect(): Box;
  }
  return page.evaluate(() => {
    const win = globalThis as unknown as {
      document: {
        documentElement: { scrollWidth: number; clientWidth: number };
        querySelectorAll(s: string): ArrayLike<El>;
      };
      getComputedStyle(el: El): { lineHeight: string };
    };
    const doc = win.document;
    const all = (selector: string): El[] => Array.from(doc.querySelectorAll(selector));
    const oneLine = (el: El) => {
      // An inline box broken across lines has one client rect per line; a block with one line is
      // no taller than its line height allows.
      const rects = el.getClientRects();
      return (
        rects.length === 1 && rects[0].height < 2 * parseFloat(win.getComputedStyle(el).lineHeight || '20')
      );
    };
    return {
      scrollWidth: doc.documentElement.scrollWidth,
      viewport: doc.documentElement.clientWidth,
      brokenNumbers: all('.helpdesk a, .nowrap')
        .filter((el) => !oneLine(el))
        .map((el) => el.textContent.trim()),
      smallLinks: all('.other-options a, .site-footer a, .sign-in-methods a, .captcha__audio, .help-topics a')
        .filter((el) => el.getBoundingClientRect().height < 44)
        .map((el) => `${el.textContent.trim()} (${el.getBoundingClientRect().height.toFixed(0)} px)`),
    };
  });
}

describe('pages on a 320 px phone', () => {
  const h = new OidcHarness();
  before(() => h.start({ CAPTCHA_ENABLED: 'true' }));
  after(() => h.stop());

  for (const locale of ['zh-TW', 'en'] as const) {
    it(`${locale}: no sideways scrolling, phone numbers on one line, links big enough to tap`, async () => {
      const rp = await h.registerClient({ firstParty: true });
      const context = await h.browser.newContext({
        locale,
        viewport: { width: 320, height: 640 },
        javaScriptEnabled: false,
      });
      const page = await context.newPage();
      const seen: string[] = [];
      const check = async (name: string) => {
        await page.waitForLoadState('load');
        const m = await measure(page);
        assert.ok(m.viewport <= 320, `${name}: viewport ${m.viewport}`);
        assert.ok(m.scrollWidth <= m.viewport, `${name}: ${m.scrollWidth} px wide in ${m.viewport} px`);
        assert.deepEqual(m.brokenNumbers, [], `${name}: numbers broken across lines`);
        assert.deepEqual(m.smallLinks, [], `${name}: links under 44 px`);
        seen.push(name);
      };
      await page.goto((await h.authorizationUrl(await h.rpConfig(rp))).url.toString());
      await check('login');
      await page.goto(`${h.idp.url}/forgot?ui_locales=${locale}`);
      await check('forgot');
      // The channel page shows the masked mobile number: ask as the student (the captcha read from the store).
      await page.fill('#identifier', STUDENT.username);
      const id = await page.inputValue('input[name=captcha_id]');
      await page.fill('#captcha', await h.captchaAnswer(id));
      await page.click('button.button[type=submit]');
      await page.waitForLoadState('load');
      assert.match(await page.content(), /<span class="nowrap">09\*\*-\*\*\*-678<\/span>/);
      await check('forgot channels');
      await page.goto(`${h.idp.url}/oidc/v1/azp?client_id=nobody&ui_locales=${locale}`);
      await check('error');
      // The help pages (with the helpdesk numbers in the page) and the application status page.
      for (const path of ['/help', '/help/password', '/help/new-account', '/apply/status']) {
        await page.goto(`${h.idp.url}${path}?ui_locales=${locale}`);
        await check(path);
      }
      assert.equal(seen.length, 8);
      await context.close();
    });
  }
});
