import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AccountRepository, makeNationalId, PiiService } from '#identity-core';
import type { NotificationRequest } from '#notifications';
import type { CountyPerson } from '#test-support';
import { UpdateCountyUseCase } from '#county-federation';
import { CountyHarness } from './county-harness.js';

/** Provisioned by a roster, never activated; 高雄市 knows her by her national ID. */
const PENDING = {
  nationalId: makeNationalId('S', '2', '5550001'),
  name: '蔡待啟',
  email: 'tsai.pending@example.edu.tw',
};
/** Nobody at edu-sso yet; 高雄市 vouches for him. */
const APPLICANT = { nationalId: makeNationalId('T', '1', '5550002'), name: '鄭申請' };

const person = (p: { nationalId: string; name: string }): CountyPerson => ({
  name: p.name,
  nationalId: p.nationalId,
  eduinfo: { schoolid: '124601', titles: [{ schoolid: '124601', titles: ['學生'] }], classinfo: [] },
});

/**
 * 使用縣市帳號證明身分 (issue 9, item 4) in Chromium: a pending account activated through 高雄市
 * (trusted for national IDs) without a code, an application approved at once through it (English),
 * and the failures: an untrusted county, an answer brought to another browser, a bad answer, a
 * replayed callback — each a clear page under 500 leading back to the code-based way, nothing linked.
 */
describe('county federation: activation and application through a county', () => {
  const c = new CountyHarness();
  let context: BrowserContext | undefined;

  before(async () => {
    await c.start();
    c.kh.people.set('kh-pending', person(PENDING));
    c.kh.people.set('kh-applicant', person(APPLICANT));
    const app = c.h.ctx.app;
    const pii = app.get(PiiService);
    await app.get(DataSource).transaction((m) =>
      app.get(AccountRepository).createPending(
        {
          displayName: PENDING.name,
          birthDate: '2011-05-12',
          nationalIdCipher: pii.encrypt(PENDING.nationalId),
          nationalIdIndex: pii.nationalIdIndex(PENDING.nationalId),
          email: PENDING.email,
        },
        new Date(),
        m,
      ),
    );
  });
  after(() => c.stop());
  afterEach(async () => {
    c.kh.holdCallbacks = false;
    c.kh.tamperIdToken = null;
    await context?.close();
    context = undefined;
  });

  async function audit(action: string): Promise<{ result: string; details: Record<string, unknown> }[]> {
    return c.h.ctx.app
      .get(DataSource)
      .query('SELECT result, details FROM audit_events WHERE action = ? ORDER BY id', [action]);
  }

  async function outbox(): Promise<NotificationRequest[]> {
    const rows: { payload_cipher: string }[] = await c.h.ctx.app
      .get(DataSource)
      .query('SELECT payload_cipher FROM notification_outbox ORDER BY id');
    const pii = c.h.ctx.app.get(PiiService);
    return rows.map((r) => JSON.parse(pii.decrypt(r.payload_cipher)) as NotificationRequest);
  }

  async function submit(page: Page) {
    await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  }

  /** Chooses the county on our page and signs in there; with `hold`, stops before our callback. */
  async function atCounty(page: Page, county: string, username: string, hold = false) {
    c.kh.holdCallbacks = hold;
    c.kh.lastCallback = undefined;
    await page.getByRole('button', { name: county, exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(c.kh.url));
    const cookie = (await page.context().cookies(`${c.h.idp.url}/cncreturnpage`)).find(
      (k) => k.name === 'edu_county_proof',
    );
    assert.ok(cookie?.httpOnly, 'the proof handle is in an HttpOnly cookie');
    assert.equal(cookie.sameSite, 'Lax');
    await page.waitForLoadState('load');
    // A second proof in this browser: the county remembers the person and answers at once.
    if (await page.locator('#username').count()) {
      await page.fill('#username', username);
      await page.click('button[type=submit]');
    }
    if (hold) {
      await page.locator('#continue').waitFor();
      assert.ok(c.kh.lastCallback, 'the county answered');
      return new URL(c.kh.lastCallback);
    }
    await page.waitForURL((u) => u.href.startsWith(c.h.idp.url));
    await page.waitForLoadState('load');
    return null;
  }

  it('activates a pending account through 高雄市 without a code, and links the county identity', async () => {
    context = await c.h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto(`${c.h.idp.url}/activate`);
    const section = page.locator('section.county-proof');
    assert.equal(await section.locator('h2').innerText(), '使用縣市帳號證明身分');
    // Only counties trusted for national IDs: not 臺中市 (untrusted), not 屏東縣 (disabled).
    assert.deepEqual(await section.locator('button').allInnerTexts(), ['高雄市']);

    await atCounty(page, '高雄市', 'kh-pending');
    assert.ok(page.url().endsWith('/activate/account'), page.url());
    assert.match(await page.locator('main').innerText(), /蔡待啟/);
    await page.fill('#username', 'tsai.county');
    await page.fill('#password', 'kaohsiung harbour at dawn');
    await page.fill('#password_confirm', 'kaohsiung harbour at dawn');
    await submit(page);
    assert.ok(page.url().endsWith('/activate/contact'), page.url());
    assert.equal(await page.inputValue('#email'), PENDING.email, 'the verified email is prefilled');
    await submit(page);
    assert.ok(page.url().endsWith('/activate/done'), page.url());
    assert.match(await page.locator('main').innerText(), /tsai\.county@mail\.edu\.tw/);

    const account = await c.h.ctx.app.get(AccountRepository).findByNationalId(PENDING.nationalId);
    assert.equal(account?.status, 'active');
    assert.equal(await c.linkCount('kh'), 1, 'the county identity is linked');
    const identity = (await audit('activation.identity')).filter((e) => e.result === 'success');
    assert.deepEqual(identity.at(-1)?.details.via, 'county:kh');
    assert.equal((await audit('account.activate')).at(-1)?.details.method, 'county:kh');

    // The next county login is direct (the link), and the password chosen works too.
    const other = await c.h.browser.newContext();
    const { page: login, a } = await c.openCountyList(other);
    await c.signInAtCounty(login, '高雄市', 'kh-pending');
    const tokens = await c.tokens(login, a);
    assert.equal(tokens.claims()!.sub, account.sub);
    assert.deepEqual(tokens.claims()!.amr, ['fed', 'county:kh']);
    await other.close();
    const byPassword = await c.h.browser.newContext();
    const signedIn = await c.h.fullLogin(c.config, byPassword, {
      username: 'tsai.county',
      password: 'kaohsiung harbour at dawn',
      nationalId: PENDING.nationalId,
    });
    assert.equal(signedIn.tokens.claims()!.sub, account.sub);
    await byPassword.close();
  });

  it('applies through 高雄市 in English: approved at once, then the activation steps, then signs in', async () => {
    context = await c.h.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${c.h.idp.url}/apply`);
    assert.equal(
      await page.locator('section.county-proof h2').innerText(),
      'Prove who you are with your county account',
    );
    await atCounty(page, 'Kaohsiung City', 'kh-applicant');
    assert.ok(page.url().endsWith('/activate/account'), page.url());
    assert.match(await page.locator('main').innerText(), /鄭申請/);
    const created = await c.h.ctx.app.get(AccountRepository).findByNationalId(APPLICANT.nationalId);
    assert.equal(created?.status, 'pending', 'made as an approval makes it');
    assert.equal(created.displayName, APPLICANT.name);

    await page.fill('#username', 'cheng.apply');
    await page.fill('#password', 'applications approved at once');
    await page.fill('#password_confirm', 'applications approved at once');
    await submit(page);
    await page.fill('#email', 'cheng@example.org');
    await submit(page);
    assert.ok(page.url().endsWith('/activate/verify'), page.url());
    const mail = (await outbox()).filter((m) => m.to === 'cheng@example.org').at(-1);
    assert.equal(mail?.locale, 'en');
    await page.fill('#email_code', mail.data.code!);
    await submit(page);
    assert.ok(page.url().endsWith('/activate/done'), page.url());

    const approved = await audit('application.identity');
    assert.equal(approved.at(-1)?.result, 'success');
    assert.equal(approved.at(-1)?.details.via, 'county:kh');
    assert.equal((await audit('application.approve')).length, 1);
    assert.equal(await c.linkCount('kh'), 2);
    const other = await c.h.browser.newContext();
    const signedIn = await c.h.fullLogin(c.config, other, {
      username: 'cheng.apply',
      password: 'applications approved at once',
      nationalId: APPLICANT.nationalId,
    });
    assert.equal(signedIn.tokens.claims()!.sub, created.sub);
    await other.close();
  });

  it('someone who already has an account is told so (they proved who they are); nothing is made', async () => {
    context = await c.h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto(`${c.h.idp.url}/apply`);
    await atCounty(page, '高雄市', 'kh-wu');
    assert.equal(new URL(page.url()).pathname, '/cncreturnpage');
    assert.match(await page.locator('.error-summary').innerText(), /你已經有教育雲端帳號/);
    assert.equal(await page.locator('#national_id').count(), 1, 'the application form is there');
  });

  it('an untrusted county is refused with a clear page leading back to the activation code', async () => {
    context = await c.h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto(`${c.h.idp.url}/activate`);
    // A forged button: 臺中市 is enabled for logins but not trusted for national IDs.
    await page.locator('section.county-proof button').evaluate((b) => b.setAttribute('value', 'tc'));
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/activate/county')),
      page.locator('section.county-proof button').click(),
    ]);
    assert.equal(res.status(), 400);
    await page.waitForLoadState('load');
    assert.match(await page.locator('.error-summary').innerText(), /不能用來證明身分.*啟用碼/);
    assert.equal(await page.locator('#activation_code').count(), 1);
    assert.equal((await audit('activation.identity')).at(-1)?.details.reason, 'untrusted_county');
  });

  it('an answer brought to another browser, a bad answer and a replay: clear pages, nothing linked', async () => {
    const links = await c.linkCount();
    const pii = c.h.ctx.app.get(PiiService);
    // Someone else's pending account, so that a wrongly accepted answer would show.
    const victim = makeNationalId('U', '2', '5550003');
    c.kh.people.set('kh-victim', person({ nationalId: victim, name: '魏未啟' }));
    await c.h.ctx.app.get(DataSource).transaction((m) =>
      c.h.ctx.app.get(AccountRepository).createPending(
        {
          displayName: '魏未啟',
          birthDate: null,
          nationalIdCipher: pii.encrypt(victim),
          nationalIdIndex: pii.nationalIdIndex(victim),
        },
        new Date(),
        m,
      ),
    );

    // Begun in one browser, the answer opened in another (no handle): refused, and spent.
    context = await c.h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto(`${c.h.idp.url}/activate`);
    const callback = (await atCounty(page, '高雄市', 'kh-victim', true))!;
    const elsewhere = await c.h.browser.newContext({ locale: 'zh-TW' });
    const stranger = await elsewhere.newPage();
    let res = await stranger.goto(callback.href);
    assert.equal(res?.status(), 400);
    assert.match(await stranger.locator('.error-summary').innerText(), /不屬於這個瀏覽器/);
    assert.equal(await stranger.locator('#activation_code').count(), 1, 'the code-based way');
    await elsewhere.close();
    // The browser that began cannot use it any more either (the state was taken once).
    res = await page.goto(callback.href);
    assert.equal(res?.status(), 400);
    assert.match(await page.locator('h1').innerText(), /無法完成縣市帳號登入/);
    assert.equal(await page.getByRole('link', { name: '重新啟用帳號' }).count(), 1);

    // A bad answer (an ID token with another nonce): the county named, the code-based way.
    await page.goto(`${c.h.idp.url}/activate`);
    c.kh.tamperIdToken = (t) => ({ ...t, nonce: 'replayed-nonce' });
    const tampered = (await atCounty(page, '高雄市', 'kh-victim', true))!;
    res = await page.goto(tampered.href);
    assert.equal(res?.status(), 400);
    assert.match(await page.locator('.error-summary').innerText(), /無法驗證高雄市的回應/);
    assert.equal((await audit('activation.identity')).at(-1)?.details.reason, 'nonce_mismatch');
    c.kh.tamperIdToken = null;

    // The real thing works once; its replay finds nothing.
    await page.goto(`${c.h.idp.url}/activate`);
    const good = (await atCounty(page, '高雄市', 'kh-victim', true))!;
    res = await page.goto(good.href);
    assert.ok(page.url().endsWith('/activate/account'), page.url());
    res = await page.goto(good.href);
    assert.equal(res?.status(), 400);
    assert.match(await page.locator('h1').innerText(), /無法完成縣市帳號登入/);
    assert.equal(await c.linkCount(), links, 'nothing linked before the activation is finished');
    const account = await c.h.ctx.app.get(AccountRepository).findByNationalId(victim);
    assert.equal(account?.status, 'pending');
  });

  it('a county that is down or slow: a clear page naming it, at once or after ~5 s, with the code-based way', async () => {
    const update = c.h.ctx.app.get(UpdateCountyUseCase);
    await update.execute({ id: 'hcc', trustNationalId: true, actor: 'test' });
    await update.execute({ id: 'mlc', trustNationalId: true, actor: 'test' });
    context = await c.h.browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    for (const [county, atMost] of [
      ['新竹縣', 5000],
      ['苗栗縣', 9000],
    ] as const) {
      await page.goto(`${c.h.idp.url}/activate`);
      const started = Date.now();
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/activate/county')),
        page.getByRole('button', { name: county, exact: true }).click(),
      ]);
      await page.waitForLoadState('load');
      assert.ok(Date.now() - started < atMost, `${county} took ${Date.now() - started} ms`);
      assert.ok(res.status() < 500, String(res.status()));
      assert.match(
        await page.locator('.error-summary').innerText(),
        new RegExp(`${county}的登入服務目前沒有回應.*啟用碼`),
      );
      assert.equal(await page.locator('#activation_code').count(), 1);
    }
  });
});
