import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { AccountRepository } from '#identity-core';
import { CountyHarness, STUDENT, TC_STUDENT } from './county-harness.js';

/** 使用縣市帳號登入 through real upstreams: an oidc-provider county and a Taipei-style OAuth2 server. */
describe('county federation: sign in with a county account', () => {
  const c = new CountyHarness();
  before(() => c.start());
  after(() => c.stop());

  async function audit(action: string): Promise<{ details: string; result: string }[]> {
    return c.h.ctx.app
      .get(DataSource)
      .query('SELECT details, result FROM audit_events WHERE action = ? ORDER BY id', [action])
      .then((rows: { details: unknown; result: string }[]) =>
        rows.map((r) => ({ result: r.result, details: JSON.stringify(r.details) })),
      );
  }

  it('lists the enabled counties north to south, each a button', async () => {
    const context = await c.h.browser.newContext();
    const { page } = await c.openCountyList(context);
    const names = await page.locator('form button[name=county]').allInnerTexts();
    // 台中市 was added as 台中市 and is listed as the directory spells it; 屏東縣 is disabled.
    assert.deepEqual(
      names.map((n) => n.trim()),
      ['臺北市', '新竹縣', '苗栗縣', '臺中市', '高雄市'],
    );
    assert.equal(await page.getByRole('link', { name: /回到登入/ }).count(), 1, 'the other ways in');
    await context.close();
  });

  it('OpenID Connect county: the first login links by password, the second is direct', async () => {
    assert.equal(await c.linkCount('tc'), 0);
    let context = await c.h.browser.newContext();
    let { page, a } = await c.openCountyList(context);
    await c.signInAtCounty(page, '臺中市', 'tc-ming');
    // Nobody linked this county identity: the holder proves their edu-sso account once.
    assert.match(page.url(), /\/method\/county\/link$/);
    assert.match(await page.locator('h1').innerText(), /連結臺中市帳號/);
    assert.match(await page.locator('.lead').first().innerText(), /林小華/);
    await page.fill('#login', STUDENT.username);
    await page.fill('#password', 'not the password at all');
    await page.click('button[type=submit]');
    await page.waitForLoadState('load');
    assert.match(await page.locator('[role=alert]').innerText(), /帳號或密碼|驗證未通過/);
    assert.equal(await c.linkCount('tc'), 0, 'a wrong password links nothing');
    await page.fill('#login', STUDENT.username);
    await page.fill('#password', STUDENT.password);
    await page.click('button[type=submit]');
    let tokens = await c.tokens(page, a);
    const student = await c.h.ctx.app.get(AccountRepository).findByLogin(STUDENT.username);
    assert.equal(tokens.claims()!.sub, student!.sub);
    assert.deepEqual(tokens.claims()!.amr, ['fed', 'county:tc', 'pwd']);
    assert.equal(await c.linkCount('tc'), 1);
    const linked = await audit('county.link');
    assert.equal(linked.length, 1);
    assert.match(linked[0]!.details, /"linkedBy":\s*"password"/);
    // The county's class (三年七班) replaced the roster's (三年五班) for 115-1 at its school.
    const info = await c.eduinfo(tokens.access_token);
    assert.deepEqual(
      info.classinfo.map((k) => [k.schoolid, k.grade, k.classno, k.classtitle]),
      [['074601', '3', '07', '三年七班']],
    );
    assert.equal((await audit('account.affiliations.sync')).length, 1);
    await context.close();

    context = await c.h.browser.newContext();
    ({ page, a } = await c.openCountyList(context));
    await c.signInAtCounty(page, '臺中市', 'tc-ming');
    tokens = await c.tokens(page, a);
    assert.equal(tokens.claims()!.sub, student!.sub, 'the link signs in directly');
    assert.deepEqual(tokens.claims()!.amr, ['fed', 'county:tc']);
    assert.equal(await c.linkCount('tc'), 1);
    await context.close();
  });

  it('an affiliation changed at the county shows in eduinfo after the next county login', async () => {
    c.tc.people.set('tc-ming', {
      ...TC_STUDENT,
      eduinfo: {
        ...TC_STUDENT.eduinfo!,
        classinfo: [
          {
            year: '115',
            semester: '1',
            schoolid: '074601',
            grade: '3',
            classno: '09',
            classtitle: '三年九班',
          },
        ],
      },
    });
    const context = await c.h.browser.newContext();
    const { page, a } = await c.openCountyList(context);
    await c.signInAtCounty(page, '臺中市', 'tc-ming');
    const tokens = await c.tokens(page, a);
    const info = await c.eduinfo(tokens.access_token);
    assert.deepEqual(
      info.classinfo.map((k) => k.classtitle),
      ['三年九班'],
    );
    const sync = await audit('account.affiliations.sync');
    assert.match(sync.at(-1)!.details, /"change":\s*"updated"/);
    await context.close();
  });

  it('accounts:show lists the links; removing one makes the next county login ask again', async () => {
    const shown = JSON.parse(await c.cliOk('accounts:show', STUDENT.username, '--json'));
    assert.deepEqual(
      shown.countyLinks.map((l: { county: string; linkedBy: string }) => [l.county, l.linkedBy]),
      [['tc', 'password']],
    );
    assert.equal(JSON.stringify(shown).includes('tc-ming'), false, "the county's subject id is not shown");
    await c.cliOk('counties:unlink', STUDENT.username, '--county', 'tc');
    assert.equal(await c.linkCount('tc'), 0);
    assert.equal((await audit('county.unlink')).length, 1);
    const context = await c.h.browser.newContext();
    const { page } = await c.openCountyList(context);
    await c.signInAtCounty(page, '臺中市', 'tc-ming');
    assert.match(page.url(), /\/method\/county\/link$/);
    await context.close();
  });
});
