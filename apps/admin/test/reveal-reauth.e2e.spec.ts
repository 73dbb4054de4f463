import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { adminE2e } from './admin.fixture.js';
import { ageSession, reauthenticate } from './reauth.helpers.js';

/**
 * The national-ID reveal's re-authentication branch: a superadmin whose last sign-in is older
 * than five minutes is asked to sign in again (every factor, `max_age=0` at the idp) and sees
 * nothing until then; after it, the reveal shows the ID and is audited with its reason.
 */
describe('helpdesk portal: re-authentication before a national ID is shown', () => {
  const { world, noScript, submit, signIn } = adminE2e();

  const reveals = async (sub: string) =>
    (await world()
      .ctx.app.get(DataSource)
      .query(
        `SELECT actor, details FROM audit_events WHERE action = 'helpdesk.reveal-national-id' AND target = ?`,
        [`account:${sub}`],
      )) as { actor: string; details: string | { reason: string } }[];

  it('asks a superadmin signed in long ago to sign in again, then shows the ID, audited', async () => {
    const { admin, people, ctx } = world();
    const context = await noScript();
    const page = await signIn(context, people.boss);
    await ageSession(ctx, context, admin.url, 6 * 60);

    await page.goto(`${admin.url}/accounts/${people.student.sub}`);
    await page.fill('#reason-reveal', '戶政資料比對');
    await submit(page, 'form[action$="/reveal"] button');
    assert.equal(
      await page.locator('[role=alert]').innerText(),
      '顯示完整身分證字號前，請重新登入驗證身分，再按一次「顯示」。',
    );
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(people.student.nationalId));
    assert.equal(
      await page.locator('a[href^="/sign-in?fresh=1"]').getAttribute('href'),
      `/sign-in?fresh=1&to=${encodeURIComponent(`/accounts/${people.student.sub}`)}`,
    );
    assert.deepEqual(await reveals(people.student.sub), [], 'nothing shown, nothing recorded');

    await reauthenticate(page, people.boss, admin.url);
    assert.equal(new URL(page.url()).pathname, `/accounts/${people.student.sub}`);
    await page.fill('#reason-reveal', '戶政資料比對');
    await submit(page, 'form[action$="/reveal"] button');
    assert.equal(await page.locator('.notice').innerText(), `完整身分證字號：${people.student.nationalId}`);
    const recorded = await reveals(people.student.sub);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0]!.actor, 'admin:hd.boss');
    const details =
      typeof recorded[0]!.details === 'string' ? JSON.parse(recorded[0]!.details) : recorded[0]!.details;
    assert.equal(details.reason, '戶政資料比對');
    await context.close();
  });
});
