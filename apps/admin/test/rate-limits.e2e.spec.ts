import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminE2e } from './admin.fixture.js';

/**
 * The portal's request limits (identity-core's RateLimiter): over a limit, a 429 page in the
 * reader's language saying how long to wait, with Retry-After, never a stack trace; per staff
 * member (another is not held up) and per IP (sign-in start, before anyone is known).
 */
describe('helpdesk portal: rate limits', () => {
  const { world, noScript, signIn, csrfOf } = adminE2e();

  it('a sixth export within ten minutes gets the 429 page, in zh-TW or English; another staff member is not held up', async () => {
    const { admin, people } = world();
    const context = await noScript();
    const page = await signIn(context, people.agent);
    await page.goto(`${admin.url}/audit`);
    const csrf = await csrfOf(page);
    for (let i = 0; i < 5; i++) {
      const ok = await page.request.post(`${admin.url}/audit/export`, { form: { csrf } });
      assert.equal(ok.status(), 200, `export ${i + 1}`);
    }
    const zh = await page.request.post(`${admin.url}/audit/export`, { form: { csrf } });
    assert.equal(zh.status(), 429);
    assert.match(zh.headers()['content-type']!, /^text\/html/);
    assert.match(zh.headers()['retry-after']!, /^\d+$/);
    const zhBody = await zh.text();
    assert.match(zhBody, /<h1 class="page-title">操作太頻繁<\/h1>/);
    assert.match(zhBody, /請在 \d+ 分鐘後再試/);
    assert.doesNotMatch(zhBody, /TooManyAttempts|at .*\.js:\d+|stack/i);

    const en = await page.request.post(`${admin.url}/audit/export?ui_locales=en`, { form: { csrf } });
    assert.equal(en.status(), 429);
    const enBody = await en.text();
    assert.match(enBody, /<h1 class="page-title">Too many requests<\/h1>/);
    assert.match(enBody, /try again in \d+ minute/);

    // A client that does not take HTML gets JSON naming what happened, with the same Retry-After.
    const json = await page.request.post(`${admin.url}/audit/export`, {
      form: { csrf },
      headers: { accept: 'application/json' },
    });
    assert.equal(json.status(), 429);
    assert.match(json.headers()['content-type']!, /^application\/json/);
    assert.match(json.headers()['retry-after']!, /^\d+$/);
    assert.deepEqual(await json.json(), { error: 'too_many_attempts' });

    const other = await noScript();
    const boss = await signIn(other, people.boss);
    await boss.goto(`${admin.url}/audit`);
    const r = await boss.request.post(`${admin.url}/audit/export`, { form: { csrf: await csrfOf(boss) } });
    assert.equal(r.status(), 200, 'per staff member');
    await other.close();
    await context.close();
  });

  it('sign-in start is limited per IP', async () => {
    const { admin } = world();
    let limited: Response | null = null;
    for (let i = 0; i < 70 && !limited; i++) {
      const r = await fetch(`${admin.url}/sign-in`, { redirect: 'manual', headers: { accept: 'text/html' } });
      if (r.status === 429) limited = r;
      else assert.equal(r.status, 303);
    }
    assert.ok(limited, 'refused within a window');
    assert.match(await limited.text(), /操作太頻繁/);
    const json = await fetch(`${admin.url}/sign-in`, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    assert.equal(json.status, 429);
    assert.match(json.headers.get('retry-after') ?? '', /^\d+$/);
    assert.deepEqual(await json.json(), { error: 'too_many_attempts' });
  });
});
