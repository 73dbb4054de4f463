import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { adminE2e } from './admin.fixture.js';

/**
 * The rest of the helpdesk's actions, as a superadmin and an agent use them: a reason is always
 * required; second factors are reset only after the identity checklist; disable and enable;
 * contact details checked; an activation letter for a pending pupil; the full national ID for a
 * superadmin only.
 */
describe('helpdesk portal: account actions, end to end', () => {
  const { world, noScript, submit, signIn, csrfOf } = adminE2e();
  let boss: BrowserContext;
  let page: Page;

  async function open(sub: string) {
    await page.goto(`${world().admin.url}/accounts/${sub}`);
  }

  async function post(sub: string, action: string, form: Record<string, string>) {
    return page.request.post(`${world().admin.url}/accounts/${sub}/${action}`, {
      form: { csrf: await csrfOf(page), ...form },
      maxRedirects: 0,
    });
  }

  it('requires a reason for every action, and the identity checklist before resetting second factors', async () => {
    const { people } = world();
    boss = await noScript();
    page = await signIn(boss, people.boss);
    await open(people.holder.sub);
    assert.match(await page.locator('#factors-title + ul').innerText(), /驗證器 App：已設定/);
    const noReason = await post(people.holder.sub, 'end-sessions', { reason: '  ' });
    assert.equal(noReason.status(), 400);
    assert.match(await noReason.text(), /請填寫原因。/);
    const noChecks = await post(people.holder.sub, 'reset-factors', { reason: '手機遺失', check1: 'yes' });
    assert.equal(noChecks.status(), 400);
    assert.match(await noChecks.text(), /請先完成身分核對的每一項。/);

    await page.fill('#reason-reset-factors', '手機遺失，已由學校承辦人確認身分');
    for (const c of ['check1', 'check2', 'check3']) await page.check(`input[name=${c}]`);
    await submit(page, 'form[action$="/reset-factors"] button');
    assert.equal(await page.locator('.notice').innerText(), '已重設第二因素，並通知本人。');
    assert.match(await page.locator('#factors-title + ul').innerText(), /驗證器 App：未設定/);
    assert.match(
      await page.locator('table.timeline').innerText(),
      /客服重設第二因素\s+admin:hd\.boss\s+手機遺失/,
    );
  });

  it('disables (every device signed out) and enables an account', async () => {
    const { people } = world();
    await page.fill('#reason-disable', '帳號疑遭盜用');
    await submit(page, 'form[action$="/disable"] button');
    assert.equal(await page.locator('.notice').innerText(), '已停用帳號，並登出所有裝置。');
    assert.match(await page.locator('.summary').innerText(), /已停用/);
    assert.equal(await page.locator('form[action$="/disable"]').count(), 0);
    await page.fill('#reason-enable', '本人確認後恢復');
    await submit(page, 'form[action$="/enable"] button');
    assert.match(await page.locator('.summary').innerText(), /正常/);
    // Enabling an account that is active is refused, never a server error.
    const again = await post(people.holder.sub, 'enable', { reason: '再一次' });
    assert.equal(again.status(), 409);
  });

  it('changes contact details after checking them', async () => {
    const { people } = world();
    const bad = await post(people.holder.sub, 'edit-contact', { reason: '換手機', phone: '12345' });
    assert.equal(bad.status(), 400);
    await page.fill('#contact-email', 'new.address@example.edu.tw');
    await page.fill('#contact-phone', '0987 654 321');
    await page.fill('#reason-edit-contact', '本人來電更新');
    await submit(page, 'form[action$="/edit-contact"] button');
    assert.equal(await page.locator('.notice').innerText(), '已更新聯絡方式。');
    const summary = await page.locator('.summary').innerText();
    assert.match(summary, /new\.address@example\.edu\.tw/);
    assert.match(summary, /0987654321/);
  });

  it('prints a new activation letter for a pending pupil', async () => {
    const { admin, pendingNationalId } = world();
    await page.goto(`${admin.url}/?q=${pendingNationalId}`);
    assert.match(await page.locator('table.search-results').innerText(), /李待開[\s\S]*尚未開通/);
    await submit(page, 'table.search-results a');
    await page.fill('#reason-issue-activation', '家長遺失開通通知單');
    await submit(page, 'form[action$="/issue-activation"] button');
    assert.equal(await page.locator('h1').innerText(), '教育雲端帳號開通通知單');
    assert.match(await page.locator('.activation-code').innerText(), /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    assert.match(await page.locator('main').innerText(), /李待開/);
  });

  it('shows a full national ID to a superadmin only, audited', async () => {
    const { people, admin } = world();
    await open(people.student.sub);
    assert.doesNotMatch(await page.locator('.summary').innerText(), new RegExp(people.student.nationalId));
    await page.fill('#reason-reveal', '戶政資料比對');
    await submit(page, 'form[action$="/reveal"] button');
    assert.equal(await page.locator('.notice').innerText(), `完整身分證字號：${people.student.nationalId}`);
    await open(people.student.sub);
    assert.match(
      await page.locator('table.timeline').innerText(),
      /管理員檢視完整身分證字號\s+admin:hd\.boss\s+戶政資料比對/,
    );

    const agent = await noScript();
    const a = await signIn(agent, people.agent);
    await a.goto(`${admin.url}/accounts/${people.student.sub}`);
    assert.equal(await a.locator('form[action$="/reveal"]').count(), 0);
    const r = await a.request.post(`${admin.url}/accounts/${people.student.sub}/reveal`, {
      form: { csrf: await csrfOf(a), reason: 'curious' },
      maxRedirects: 0,
    });
    assert.equal(r.status(), 404);
    assert.doesNotMatch(await r.text(), new RegExp(people.student.nationalId));
    await agent.close();
    await boss.close();
  });
});
