import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { AccountRepository } from '#identity-core';
import { CountyHarness, KH_NEWCOMER, STUDENT, TEACHER } from './county-harness.js';

/** 使用縣市帳號登入: a county trusted for national IDs, a Taipei-style OAuth2 county, the operators' commands. */
describe('county federation: trusted national IDs, OAuth2 counties, counties:*', () => {
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

  it('a county trusted for national IDs links by the blind index, and provisions a newcomer', async () => {
    let context = await c.h.browser.newContext();
    let { page, a } = await c.openCountyList(context);
    await c.signInAtCounty(page, '高雄市', 'kh-wu');
    let tokens = await c.tokens(page, a);
    const teacher = await c.h.ctx.app.get(AccountRepository).findByLogin(TEACHER.username);
    assert.equal(tokens.claims()!.sub, teacher!.sub, 'matched by national ID, no password asked');
    assert.deepEqual(tokens.claims()!.amr, ['fed', 'county:kh']);
    const info = await c.eduinfo(tokens.access_token);
    assert.ok(info.titles.some((t) => t.schoolid === '124601' && t.titles.includes('教師')));
    assert.ok(
      info.titles.some((t) => t.schoolid === '074601'),
      "another county's school is left alone",
    );
    await context.close();

    context = await c.h.browser.newContext();
    ({ page, a } = await c.openCountyList(context));
    await c.signInAtCounty(page, '高雄市', 'kh-new');
    tokens = await c.tokens(page, a);
    const created = await c.h.ctx.app.get(AccountRepository).findByNationalId(KH_NEWCOMER.nationalId!);
    assert.ok(created, 'provisioned');
    assert.equal(tokens.claims()!.sub, created.sub);
    assert.equal(created.status, 'active');
    assert.equal(created.username, null);
    assert.equal(created.displayName, '陳新生');
    assert.deepEqual(
      (await c.eduinfo(tokens.access_token)).classinfo.map((k) => k.classtitle),
      ['一年二班'],
    );
    assert.equal((await audit('account.provision')).length, 1);
    await context.close();
  });

  it('OAuth2 county (Taipei style): profile APIs through the claims mapping; link, then direct', async () => {
    let context = await c.h.browser.newContext();
    let { page, a } = await c.openCountyList(context);
    await c.signInAtCounty(page, '臺北市', 'tp-ming');
    assert.match(page.url(), /\/method\/county\/link$/);
    await page.fill('#login', STUDENT.username);
    await page.fill('#password', STUDENT.password);
    await page.click('button[type=submit]');
    let tokens = await c.tokens(page, a);
    assert.deepEqual(tokens.claims()!.amr, ['fed', 'county:tp', 'pwd']);
    const info = await c.eduinfo(tokens.access_token);
    assert.ok(
      info.classinfo.some((k) => k.schoolid === '353601' && k.grade === '5' && k.classno === '03'),
      JSON.stringify(info),
    );
    assert.ok(info.titles.some((t) => t.schoolid === '353601' && t.titles.includes('學生')));
    await context.close();

    context = await c.h.browser.newContext();
    ({ page, a } = await c.openCountyList(context));
    await c.signInAtCounty(page, '臺北市', 'tp-ming');
    tokens = await c.tokens(page, a);
    assert.deepEqual(tokens.claims()!.amr, ['fed', 'county:tp']);
    await context.close();
  });

  it('counties CLI: lists without secrets, refuses bad input by name, updates and disables', async () => {
    const list = JSON.parse(await c.cliOk('counties:list', '--json')) as {
      id: string;
      redirectUri: string;
    }[];
    assert.deepEqual(
      list.map((x) => x.id),
      ['tp', 'hcc', 'mlc', 'tc', 'kh', 'ptc'],
    );
    assert.equal(list[0]!.redirectUri, `${c.h.idp.url}/cncreturnpage`);
    assert.ok(!JSON.stringify(list).includes('client secret'), 'no secrets');
    const stored: { c: string }[] = await c.h.ctx.app
      .get(DataSource)
      .query('SELECT client_secret_cipher AS c FROM county_providers');
    assert.ok(
      stored.every((r) => !r.c.includes('secret')),
      'secrets encrypted at rest',
    );

    const bad = await c.cli(
      'counties:add',
      '--id',
      'Bad Id',
      '--name',
      '宜蘭縣',
      '--issuer',
      'ftp://x',
      '--client-id',
      'a',
      '--client-secret',
      'b',
      '--provision',
      '--json',
    );
    assert.equal(bad.code, 1);
    const problems = JSON.parse(bad.out).message as string;
    for (const field of ['id:', 'issuer', 'provision:']) assert.ok(problems.includes(field), problems);
    const usage = await c.cli('counties:add', '--id', 'ilc', '--name', '宜蘭縣');
    assert.equal(usage.code, 2);
    assert.equal((await c.cli('counties:disable', 'nope', '--json')).code, 1);

    const enabled = JSON.parse(
      await c.cliOk(
        'counties:update',
        'ptc',
        '--enable',
        '--scopes',
        'openid profile exchangedata',
        '--json',
      ),
    );
    assert.equal(enabled.enabled, true);
    assert.deepEqual(enabled.scopes, ['openid', 'profile', 'exchangedata']);
    const disabled = JSON.parse(await c.cliOk('counties:disable', 'ptc', '--json'));
    assert.equal(disabled.enabled, false);
    assert.equal((await audit('county.disable')).length, 1);
  });
});
