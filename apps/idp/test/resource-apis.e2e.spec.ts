import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { decodeJwt } from 'jose';
import type { BrowserContext } from 'playwright-core';
import { schoolTermAt } from '#directory';
import { CreateAccountUseCase, makeNationalId } from '#identity-core';
import { client, OidcHarness, TEACHER, type RegisteredClient } from './oidc-harness.js';
import { runCli } from '#test-support';

/**
 * The rest of the ministry's resource APIs, called as a legacy relying party does (openid-client,
 * Bearer access tokens), with their data imported through the operator CLI from Big5 files:
 * relation (teacher, student), profile, the public school directory, and the release policy.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
const j = (r: Response): Promise<any> => r.json();

const PUPIL = {
  username: 'chen.pupil',
  password: 'a pupil passphrase of length',
  nationalId: makeNationalId('G', '1', '3344556'),
};
const NOBODY = makeNationalId('H', '1', '9988776');
const PARENT = {
  username: 'chen.parent',
  password: 'a parent passphrase of length',
  nationalId: makeNationalId('K', '2', '1122334'),
};

describe('resource APIs (relation, profile, school directory), end to end', () => {
  const h = new OidcHarness();
  const term = schoolTermAt(new Date());
  let dir: string;
  let full: RegisteredClient; // registered relation, profile, email, syncdata
  let narrow: RegisteredClient; // registered openid profile only
  let configFull: client.Configuration;
  let configNarrow: client.Configuration;
  let teacherContext: BrowserContext;
  let pupilContext: BrowserContext;
  let teacherSub: string;

  const cli = (...args: string[]) => runCli(h.env, ...args);

  function big5File(name: string, lines: string[]): string {
    const path = join(dir, name);
    writeFileSync(path, iconv.encode(lines.join('\r\n') + '\r\n', 'cp950'));
    return path;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edusso-compat-'));
    await h.start();
    await h.ctx.app.get(CreateAccountUseCase).execute({
      ...PUPIL,
      displayName: '陳小安',
      affiliation: {
        schoolId: '074601',
        titles: ['學生'],
        ...term,
        grade: '3',
        classNo: '05',
        classTitle: '三年五班',
      },
      actor: 'test',
    });
    await h.ctx.app.get(CreateAccountUseCase).execute({ ...PARENT, displayName: '陳媽媽', actor: 'test' });
    full = await h.registerClient({
      name: '校務系統',
      scopes: ['openid', 'profile', 'email', 'eduinfo', 'relation', 'syncdata'],
      firstParty: true,
    });
    narrow = await h.registerClient({
      name: '只有基本資料',
      scopes: ['openid', 'profile'],
      firstParty: true,
    });
    configFull = await h.rpConfig(full);
    configNarrow = await h.rpConfig(narrow);
    teacherContext = await h.browser.newContext();
    pupilContext = await h.browser.newContext();
  });
  after(async () => {
    await teacherContext?.close();
    await pupilContext?.close();
    await h.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('schools:import reads the ministry list in Big5; the public directory answers without a token, cached', async () => {
    const list = big5File('schools.csv', [
      '學年度,代碼,學校名稱,縣市名稱,地址,電話,網址,學制',
      `${term.year},074601,臺中市立示範國中,[66]臺中市,臺中市西區示範路1號,(04)2222-1234,www.example.tc.edu.tw,國民中學`,
      `${term.year},193601,臺北市立示範國小,[63]臺北市,,,https://es.example.tp.edu.tw/,國民小學`,
    ]);
    const imported = cli('schools:import', list, '--json');
    assert.equal(imported.code, 0, imported.err + imported.out);
    const report = JSON.parse(imported.out);
    assert.deepEqual([report.encoding, report.created, report.updated], ['big5', 1, 1]);
    const shown = cli('schools:show', '193601');
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /臺北市立示範國小/);

    const r = await fetch(`${h.idp.url}/moeresource/api/v2/eduoid/all/eduid/074601`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    assert.match(r.headers.get('cache-control') ?? '', /public, max-age=\d+/);
    assert.deepEqual(await j(r), [
      {
        eduid: '074601',
        year: term.year,
        schoolname: '臺中市立示範國中',
        county: '[66]臺中市',
        oid: '',
        tel: '(04)2222-1234',
        url: 'http://www.example.tc.edu.tw',
        address: '臺中市西區示範路1號',
        schoolsystem: ['國民中學'],
      },
    ]);
  });

  it('an unknown or malformed school id is a 404 with a JSON body, never a page or a 500', async () => {
    for (const id of ['999999', 'x', '%27%20OR%201%3D1', 'ŝ07460', '07%2F4601', 'a'.repeat(3000)]) {
      const r = await fetch(`${h.idp.url}/moeresource/api/v2/eduoid/all/eduid/${id}`);
      assert.equal(r.status, 404, id);
      assert.match(r.headers.get('content-type') ?? '', /application\/json/, id);
      assert.equal((await j(r)).error, 'not_found', id);
    }
  });

  it('a school id that is not even valid percent-encoding is a 400 with a JSON body', async () => {
    const r = await fetch(`${h.idp.url}/moeresource/api/v2/eduoid/all/eduid/%E0%A4%A`);
    assert.equal(r.status, 400);
    assert.deepEqual(await j(r), { error: 'invalid_request' });
  });

  it('teaching:import of a Big5 file reports its bad lines and keeps the good ones', () => {
    const file = big5File('teaching.csv', [
      '身分證字號,學校代碼,學年度,學期,年級,班級代號,班級名稱,科目',
      `${TEACHER.nationalId},074601,${term.year},${term.semester},3,05,三年五班,數學`,
      `${TEACHER.nationalId},074601,${term.year},${term.semester},3,06,三年六班,自然科學`,
      `${TEACHER.nationalId},074601,${term.year},${term.semester},3,05,三年五班,導師`,
      `${NOBODY},074601,${term.year},${term.semester},3,05,三年五班,英語`,
      `${TEACHER.nationalId},074601,${term.year},9,3,05,三年五班,英語`,
      `"${TEACHER.nationalId},074601,${term.year},${term.semester},3,07,三年七班,英語`,
    ]);
    const run = cli('teaching:import', file);
    assert.equal(run.code, 1, 'refused lines end with exit code 1');
    assert.match(run.out, /Big5, 6 rows/);
    assert.match(run.out, /created 3, updated 0, unchanged 0, refused 3/);
    assert.match(run.out, /line 5: national_id: no account has this national ID/);
    assert.match(run.out, /line 6: semester: must be 1 or 2/);
    assert.match(run.out, /line 7: not valid CSV/);
    assert.ok(!run.out.includes(NOBODY) && !run.err.includes(NOBODY), 'national IDs are not echoed');
    const again = cli('teaching:import', file, '--json');
    assert.deepEqual(
      (({ created, unchanged }) => [created, unchanged])(JSON.parse(again.out)),
      [0, 3],
      'the same file again changes nothing',
    );
  });

  it("a teacher's relation lists the imported classes and subjects of this term", async () => {
    const login = await h.fullLogin(configFull, teacherContext, TEACHER, {
      scope: 'openid profile relation',
    });
    teacherSub = decodeJwt(login.tokens.id_token!).sub!;
    const r = await client.fetchProtectedResource(
      configFull,
      login.tokens.access_token,
      new URL(`${h.idp.url}/moeresource/api/v2/oidc/relation`),
      'GET',
    );
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const body = await j(r);
    const cls = { schoolid: '074601', ...term, grade: '3' };
    assert.deepEqual(body, {
      sub: teacherSub,
      ...term,
      relation: [
        { ...cls, classno: '05', classtitle: '三年五班', subject: '導師' },
        { ...cls, classno: '05', classtitle: '三年五班', subject: '數學' },
        { ...cls, classno: '06', classtitle: '三年六班', subject: '自然科學' },
      ],
      classinfo: [],
      children: [],
    });
  });

  it("a student's relation shows the class and its homeroom teacher's sub", async () => {
    const login = await h.fullLogin(configFull, pupilContext, PUPIL, { scope: 'openid relation' });
    const r = await client.fetchProtectedResource(
      configFull,
      login.tokens.access_token,
      new URL(`${h.idp.url}/moeresource/api/v2/oidc/relation`),
      'GET',
    );
    assert.equal(r.status, 200);
    const body = await j(r);
    assert.equal(body.sub, decodeJwt(login.tokens.id_token!).sub);
    assert.deepEqual(body.relation, []);
    assert.deepEqual(body.classinfo, [
      {
        schoolid: '074601',
        ...term,
        grade: '3',
        classno: '05',
        classtitle: '三年五班',
        homeroom: { sub: teacherSub },
      },
    ]);
  });

  it("accounts:import --guardians links a parent to the school's pupil; the parent's relation lists the child", async () => {
    const roster = big5File('roster.csv', [
      '身分證字號,姓名,出生日期,學校代碼,身分,年級,班級代號,班級名稱,學年度,學期',
      `${PUPIL.nationalId},陳小安,100/05/12,074601,學生,3,05,三年五班,${term.year},${term.semester}`,
    ]);
    const links = big5File('guardians.csv', [
      '家長身分證字號,學生身分證字號,學校代碼,關係',
      `${PARENT.nationalId},${PUPIL.nationalId},074601,母`,
      `${PARENT.nationalId},${TEACHER.nationalId},074601,母`,
    ]);
    const run = cli('accounts:import', roster, '--guardians', links);
    assert.equal(run.code, 1, run.err + run.out);
    assert.match(run.out, /guardians\.csv: Big5, 2 rows\ncreated 1, updated 0, unchanged 0, refused 1/);
    assert.match(run.out, /line 3: child_national_id: no student with this national ID at school 074601/);
    const context = await h.browser.newContext();
    try {
      const login = await h.fullLogin(configFull, context, PARENT, { scope: 'openid relation' });
      const r = await client.fetchProtectedResource(
        configFull,
        login.tokens.access_token,
        new URL(`${h.idp.url}/moeresource/api/v2/oidc/relation`),
        'GET',
      );
      const body = await j(r);
      assert.equal(body.children.length, 1);
      assert.deepEqual(
        { ...body.children[0], sub: typeof body.children[0].sub },
        {
          sub: 'string',
          name: '陳小安',
          relationship: '母',
          schoolid: '074601',
          classinfo: [{ schoolid: '074601', ...term, grade: '3', classno: '05', classtitle: '三年五班' }],
        },
      );
      assert.deepEqual([body.relation, body.classinfo], [[], []]);
    } finally {
      await context.close();
    }
  });

  it('a client without the relation scope gets 403 insufficient_scope; no token gets 401', async () => {
    const url = `${h.idp.url}/moeresource/api/v2/oidc/relation`;
    // Registered without it: asking for it is refused at the authorization endpoint …
    const page = await teacherContext.newPage();
    const asked = await h.authorizationUrl(configNarrow, { scope: 'openid relation' });
    await page.goto(asked.url.toString());
    assert.equal(new URL(page.url()).searchParams.get('error'), 'invalid_scope');
    await page.close();
    // … and its tokens cannot read it.
    const narrowLogin = await h.fullLogin(configNarrow, teacherContext, TEACHER, { scope: 'openid profile' });
    // A client that registered it, with a token granted without it, cannot either.
    const withoutScope = await h.fullLogin(configFull, teacherContext, TEACHER, { scope: 'openid profile' });
    for (const token of [narrowLogin.tokens.access_token, withoutScope.tokens.access_token]) {
      const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.status, 403);
      assert.equal(r.headers.get('www-authenticate'), 'Bearer error="insufficient_scope", scope="relation"');
      assert.deepEqual(await j(r), { error: 'insufficient_scope' });
    }
    const none = await fetch(url);
    assert.equal(none.status, 401);
    assert.deepEqual(await j(none), { error: 'invalid_token' });
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);
  });

  it('a third-party client asking for relation shows it on the consent page, in words', async () => {
    const third = await h.registerClient({
      name: '第三方學習平台',
      scopes: ['openid', 'relation', 'syncdata'],
    });
    const config = await h.rpConfig(third);
    const page = await teacherContext.newPage();
    const a = await h.authorizationUrl(config, { scope: 'openid relation syncdata', ui_locales: 'zh-TW' });
    await page.goto(a.url.toString());
    const listed = await page.locator('code.scope-list__code').allTextContents();
    assert.deepEqual([...new Set(listed)].sort(), ['openid', 'relation', 'syncdata']);
    assert.match(await page.locator('.scope-list').first().innerText(), /任教的班級與科目/);
    await page.close();
  });

  it('profile answers the legacy flat object with the fields the scopes allow, and needs profile', async () => {
    const url = new URL(`${h.idp.url}/moeresource/api/v1/oidc/profile`);
    const login = await h.fullLogin(configFull, teacherContext, TEACHER, {
      scope: 'openid profile email syncdata eduinfo relation',
    });
    const r = await client.fetchProtectedResource(configFull, login.tokens.access_token, url, 'GET');
    assert.equal(r.status, 200);
    const body = await j(r);
    // eduinfo and relation have their own APIs; email was granted but the teacher has none.
    assert.deepEqual(Object.keys(body).sort(), ['name', 'preferred_username', 'sub', 'updated_at']);
    assert.equal(body.sub, teacherSub);
    assert.equal(body.name, '吳老師');
    assert.equal(typeof body.updated_at, 'number');
    const narrowLogin = await h.fullLogin(configNarrow, teacherContext, TEACHER, { scope: 'openid profile' });
    const narrowBody = await j(
      await client.fetchProtectedResource(configNarrow, narrowLogin.tokens.access_token, url, 'GET'),
    );
    assert.deepEqual(Object.keys(narrowBody).sort(), ['name', 'preferred_username', 'sub']);
    const noProfile = await h.fullLogin(configFull, teacherContext, TEACHER, { scope: 'openid email' });
    const refused = await fetch(url, {
      headers: { authorization: `Bearer ${noProfile.tokens.access_token}` },
    });
    assert.equal(refused.status, 403);
  });

  it('discovery lists relation and syncdata and what each scope releases', async () => {
    const meta = await j(await fetch(`${h.idp.url}/.well-known/openid-configuration`));
    for (const s of ['relation', 'syncdata']) assert.ok(meta.scopes_supported.includes(s), s);
    assert.ok(meta.claims_supported.includes('updated_at'));
    assert.ok(!meta.claims_supported.includes('relation'), 'relation is an API, not a claim');
    assert.deepEqual(meta.edu_sso_scopes.relation, {
      resource: `${h.idp.url}/moeresource/api/v2/oidc/relation`,
    });
    assert.deepEqual(meta.edu_sso_scopes.syncdata, { claims: ['updated_at'] });
    assert.deepEqual(meta.edu_sso_scopes.eduinfo, { claims: ['eduinfo'] });
  });
});
