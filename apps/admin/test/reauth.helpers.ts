import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import { nextTotpCode, type TestContext } from '#test-support';
import type { Person } from './admin.fixture.js';

/**
 * Moves a portal session's last authentication `seconds` into the past (as if signed in that
 * long ago), so the next sensitive step asks to sign in again. Only the Redis record changes.
 */
export async function ageSession(
  ctx: TestContext,
  context: BrowserContext,
  adminUrl: string,
  seconds: number,
) {
  const id = (await context.cookies(adminUrl)).find((c) => c.name === 'edu_admin')?.value;
  assert.ok(id, 'signed in to the portal');
  const redis = ctx.app.get<Redis>(REDIS as never);
  const key = `${ctx.config.redisPrefix}:admin:s:${id}`;
  const session = JSON.parse((await redis.get(key))!) as { authTime: number };
  session.authTime -= seconds;
  await redis.set(key, JSON.stringify(session), 'KEEPTTL');
}

/**
 * The idp's fresh sign-in (`max_age=0`): every factor again, password then the app, and back to
 * the portal. Starts on the page that links to `/sign-in?fresh=1…`.
 */
export async function reauthenticate(page: Page, p: Person, adminUrl: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click('a[href^="/sign-in?fresh=1"]')]);
  assert.match(new URL(page.url()).pathname, /^\/interaction\//, 'the idp asks again');
  const login = page.locator('#login');
  if ((await login.count()) && (await login.isEditable())) await login.fill(p.username);
  await page.fill('#password', p.password);
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/login"] button[type=submit]')]);
  assert.equal(await page.locator('h1').innerText(), '請選擇驗證方式');
  await Promise.all([page.waitForNavigation(), page.click('button:text("驗證器 App 驗證碼")')]);
  await page.fill('#code', await nextTotpCode(p));
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  await page.waitForURL((u) => u.href.startsWith(adminUrl));
}
