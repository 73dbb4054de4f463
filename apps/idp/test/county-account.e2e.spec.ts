import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AccountRepository } from '#identity-core';
import { REDIS } from '#platform';
import { CountyHarness, STUDENT } from './county-harness.js';

/**
 * 縣市帳號 in My account (issue 9, item 5), zh-TW Chromium: a county identity linked at login is
 * listed (county, when linked, last used), removing it needs a recent sign-in like every other
 * change there, is audited, and the next login with that county account asks to link again.
 */
describe('county federation: My account lists county links and removes them', () => {
  const c = new CountyHarness();
  before(() => c.start());
  after(() => c.stop());

  async function submit(page: Page, selector: string) {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  }

  /** Makes My account's sign-in older than 5 minutes, as if the holder had left the page open. */
  async function age(context: BrowserContext) {
    const cookie = (await context.cookies()).find((k) => k.name === 'edusso_account');
    assert.ok(cookie, 'My account has a session');
    const redis = c.h.ctx.app.get<Redis>(REDIS);
    const key = `${c.h.env.REDIS_PREFIX}:my-account:s:${cookie.value}`;
    const session = JSON.parse((await redis.get(key))!);
    session.authTime -= 6 * 60;
    await redis.set(key, JSON.stringify(session), 'EX', 600);
  }

  async function signInWithPassword(page: Page) {
    assert.match(new URL(page.url()).pathname, /^\/interaction\//, `a login page, not ${page.url()}`);
    await page.fill('#login', STUDENT.username);
    await page.fill('#password', STUDENT.password);
    await submit(page, 'form[action$="/login"] button[type=submit]');
  }

  async function linkToTaichung(context: BrowserContext) {
    const { page, a } = await c.openCountyList(context);
    await c.signInAtCounty(page, '臺中市', 'tc-ming');
    assert.match(page.url(), /\/method\/county\/link$/, 'the county identity is not linked: asks to link');
    await page.fill('#login', STUDENT.username);
    await page.fill('#password', STUDENT.password);
    await page.click('button[type=submit]');
    await c.tokens(page, a);
    await page.close();
  }

  it('lists the link; removing it asks to sign in again, is audited, and the next county login asks to link', async () => {
    const context = await c.h.browser.newContext({ locale: 'zh-TW' });
    await linkToTaichung(context);
    assert.equal(await c.linkCount('tc'), 1);

    const page = await context.newPage();
    await page.goto(`${c.h.idp.url}/account`);
    if (new URL(page.url()).pathname.startsWith('/interaction/')) await signInWithPassword(page);
    await page.waitForURL((u) => u.pathname === '/account');
    const section = page.locator('section[aria-labelledby=county-title]');
    assert.equal(await section.locator('h2').innerText(), '縣市帳號');
    const link = section.locator('li.county-link');
    assert.equal(await link.count(), 1);
    const text = await link.innerText();
    assert.match(text, /臺中市/);
    assert.match(text, /連結時間/);
    assert.match(text, /最近使用/);

    // An old sign-in: the button asks to sign in again first, and nothing is removed yet.
    await age(context);
    await submit(page, 'li.county-link button[type=submit]');
    assert.equal(await page.locator('h1').innerText(), '請再次驗證身分');
    assert.equal(await c.linkCount('tc'), 1);
    await submit(page, 'main a.button');
    await signInWithPassword(page);
    await page.waitForURL((u) => u.pathname === '/account');
    await submit(page, 'li.county-link button[type=submit]');
    assert.equal(new URL(page.url()).search, '?done=county');
    assert.match(await page.locator('[role=status]').innerText(), /已移除縣市帳號連結/);
    assert.equal(await page.locator('li.county-link').count(), 0);
    assert.equal(await c.linkCount('tc'), 0);

    const student = await c.h.ctx.app.get(AccountRepository).findByLogin(STUDENT.username);
    const events: { actor: string; details: { county: string } }[] = await c.h.ctx.app
      .get(DataSource)
      .query("SELECT actor, details FROM audit_events WHERE action = 'county.unlink' AND result = 'success'");
    assert.deepEqual(
      events.map((e) => [e.actor, e.details.county]),
      [[`account:${student!.sub}`, 'tc']],
    );
    await context.close();

    // The county identity is nobody's now: its next login asks to link again.
    const fresh = await c.h.browser.newContext({ locale: 'zh-TW' });
    const { page: again } = await c.openCountyList(fresh);
    await c.signInAtCounty(again, '臺中市', 'tc-ming');
    assert.match(again.url(), /\/method\/county\/link$/);
    await fresh.close();
  });
});
