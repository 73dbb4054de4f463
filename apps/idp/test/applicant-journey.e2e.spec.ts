import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { makeNationalId } from '#identity-core';
import { renderEmail } from '#notifications';
import { FormClient } from '#test-support';
import { client } from './oidc-harness.js';
import { activationE2e, errorTexts } from './activation.fixture.js';

/**
 * An applicant's whole way, as a newcomer would take it: from an RP's login page to 申請, the
 * reference number on the page and in the mail, the status page, one approval mail, activation
 * with the contacts already verified, and back to the login page they started on (no dead ends).
 */
describe('applicant journey: reference number, status page, one approval mail, ways back', () => {
  const fx = activationE2e();
  const { h, cli, outbox, lastMessage, text, submitAndWait } = fx;
  let config: client.Configuration;
  before(() => ({ config } = fx.world()));

  const REFERENCE = /[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/;

  async function applicationId(email: string): Promise<string> {
    const rows: { id: string }[] = await h.ctx.app
      .get(DataSource)
      .query('SELECT id FROM account_applications WHERE email = ? ORDER BY id DESC LIMIT 1', [email]);
    return String(rows[0]!.id);
  }

  function approve(id: string) {
    const r = cli('applications:approve', id);
    assert.equal(r.code, 0, r.err);
  }

  async function apply(
    page: Page,
    p: { nationalId: string; birthDate: string; email: string; phone: string },
  ) {
    await page.fill('#national_id', p.nationalId);
    await page.fill('#name', '終身學習者');
    await page.fill('#birth_date', p.birthDate);
    await page.fill('#email', p.email);
    await page.fill('#phone', p.phone);
    await submitAndWait(page);
    await page.fill('#email_code', (await lastMessage(p.email, 'contact.verify-email')).data.code!);
    await page.fill('#phone_code', (await lastMessage(p.phone, 'contact.verify-phone')).data.code!);
    await submitAndWait(page);
  }

  it('zh-TW: from the login page to 申請, the status page, approval, activation and back to the service', async () => {
    const context = await h.browser.newContext({ locale: 'zh-TW', javaScriptEnabled: false });
    const page = await context.newPage();
    const a = await h.authorizationUrl(config);
    await page.goto(a.url.toString());
    const login = new URL(page.url()).pathname;
    assert.match(login, /^\/interaction\/[\w-]+$/);

    // 申請, with the way back carried along every step.
    await page.click('text=申請教育雲端帳號');
    assert.equal(new URL(page.url()).searchParams.get('return'), login);
    const p = {
      nationalId: makeNationalId('K', '2', '4100001'),
      birthDate: '1970-05-06',
      email: 'journey@example.org',
      phone: '0977000111',
    };
    await apply(page, p);
    assert.equal(new URL(page.url()).pathname, '/apply/done');
    assert.equal(await page.textContent('h1'), '已收到您的申請');
    const shown = REFERENCE.exec(await text(page, '.account-name'))?.[0];
    assert.ok(shown, await text(page, 'main'));
    assert.equal(await page.getAttribute('a.button', 'href'), login, '返回登入 leads to the login page');
    assert.equal(await page.textContent('a.button'), '返回登入');

    // The mail carries the same number and the status page.
    const received = await lastMessage(p.email, 'application.received');
    assert.equal(received.data.reference, shown);
    assert.equal(received.data.link, `${h.idp.url}/apply/status`);
    const mail = renderEmail('application.received', 'zh-TW', received.data);
    assert.ok(mail.text.includes(`申請編號：${shown}`), mail.text);

    // The status page: unknown number and wrong birth date read the same; the right pair answers.
    await page.click('text=查詢申請進度');
    assert.equal(await page.textContent('h1'), '查詢申請進度');
    const look = async (reference: string, birthDate: string) => {
      await page.fill('#reference', reference);
      await page.fill('#birth_date', birthDate);
      await submitAndWait(page);
      return {
        errors: errorTexts(await page.content()),
        result: await page.locator('.status-result').count(),
      };
    };
    const wrongDate = await look(shown, '1970-05-07');
    const unknown = await look('ZZZZ-ZZZZ', p.birthDate);
    assert.deepEqual(wrongDate, unknown);
    assert.match(wrongDate.errors.join(' '), /查無符合的申請/);
    assert.equal(wrongDate.result, 0);
    await look(shown.toLowerCase().replace('-', ' '), '59/05/06');
    assert.match(await text(page, '.status-result'), /審核中/);

    // Approval: one mail, with the reference and the activation code (which the pages call 啟用碼).
    const before = (await outbox()).length;
    approve(await applicationId(p.email));
    const sent = (await outbox()).slice(before).filter((m) => m.to === p.email);
    assert.deepEqual(
      sent.map((m) => m.template),
      ['application.approved'],
    );
    const approved = sent[0]!;
    assert.equal(approved.data.reference, shown);
    const approvedMail = renderEmail('application.approved', 'zh-TW', approved.data);
    assert.ok(approvedMail.text.includes(`啟用碼為：${approved.data.code}`), approvedMail.text);
    assert.doesNotMatch(approvedMail.text, /開通碼/);

    await look(shown, p.birthDate);
    assert.match(await text(page, '.status-result'), /已核准/);

    // Activation from the same login page: the words fit an applicant, the verified contacts are marked.
    await page.goto(`${h.idp.url}${login}`);
    await page.click('text=啟用教育雲端帳號');
    assert.equal(new URL(page.url()).searchParams.get('return'), login);
    assert.doesNotMatch(await text(page, 'main'), /學校已為您建立/);
    assert.match(await text(page, 'main'), /申請已核准/);
    await page.fill('#national_id', p.nationalId);
    await page.fill('#birth_date', p.birthDate);
    await page.fill('#activation_code', approved.data.code!);
    await submitAndWait(page);
    await page.fill('#username', 'journey.learner');
    await page.fill('#password', 'a journey of a thousand miles');
    await page.fill('#password_confirm', 'a journey of a thousand miles');
    await submitAndWait(page);
    assert.equal(new URL(page.url()).pathname, '/activate/contact');
    assert.match(await text(page, '#email-hint'), /已驗證/);
    assert.match(await text(page, '#phone-hint'), /已驗證/);
    assert.equal((await text(page, 'form.form button[type=submit]')).trim(), '確認並完成啟用');
    const mark = (await outbox()).length;
    await submitAndWait(page);
    assert.equal(new URL(page.url()).pathname, '/activate/done');
    assert.equal(
      (await outbox()).slice(mark).filter((m) => m.template.startsWith('contact.verify')).length,
      0,
    );

    // 帳號已啟用 leads back to the login page, which goes on to the service.
    assert.equal(await page.textContent('h1'), '帳號已啟用');
    assert.equal(await page.textContent('a.button'), '返回登入，繼續使用服務');
    await page.click('a.button');
    assert.equal(new URL(page.url()).pathname, login);
    const callback = await h.login(page, {
      username: 'journey.learner',
      password: 'a journey of a thousand miles',
    });
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    assert.ok(tokens.access_token);
    await context.close();
  });

  it('English: the reference, the status page and an activation opened on its own end with a way to sign in', async () => {
    const c = new FormClient(h.idp.url);
    const p = {
      nationalId: makeNationalId('K', '1', '4100002'),
      birthDate: '1988-11-12',
      email: 'journey.en@example.org',
      phone: '0977000222',
    };
    const context = await h.browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${h.idp.url}/apply?ui_locales=en`);
    await apply(page, p);
    assert.equal(await page.textContent('h1'), 'Application received');
    const shown = REFERENCE.exec(await text(page, '.account-name'))![0];
    assert.match(await text(page, 'main'), /Your reference number/);
    assert.equal(await page.locator('a.button').count(), 0, 'no login page to go back to');
    assert.equal(await page.locator('a[href^="/apply/status"]').count(), 1);
    assert.ok(
      renderEmail(
        'application.received',
        'en',
        (await lastMessage(p.email, 'application.received')).data,
      ).text.includes(`Your reference number: ${shown}`),
    );

    const form = { reference: shown, birth_date: p.birthDate };
    const status = await c.submit('/apply/status?ui_locales=en', form);
    assert.equal(status.status, 200);
    assert.match(status.html, /Being reviewed/);
    const bad = await c.submit('/apply/status?ui_locales=en', {
      reference: 'not a ref',
      birth_date: p.birthDate,
    });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /The reference number has 8 letters or digits/);

    approve(await applicationId(p.email));
    const approved = await lastMessage(p.email, 'application.approved');
    const mail = renderEmail('application.approved', 'en', approved.data);
    assert.ok(mail.text.includes(`Your activation code: ${approved.data.code}`), mail.text);
    assert.match(
      (await c.submit('/apply/status?ui_locales=en', form)).html,
      /Approved \(\d{4}-\d{2}-\d{2}\)/,
    );

    await page.goto(approved.data.link!);
    await page.fill('#national_id', p.nationalId);
    await page.fill('#birth_date', p.birthDate);
    await page.fill('#activation_code', approved.data.code!);
    await submitAndWait(page);
    await page.fill('#username', 'journey.english');
    await page.fill('#password', 'another long journey here');
    await page.fill('#password_confirm', 'another long journey here');
    await submitAndWait(page);
    assert.match(await text(page, '#email-hint'), /Verified/);
    await submitAndWait(page);
    assert.equal(await page.textContent('h1'), 'Account activated');
    // Opened from a mail, not from a login page: sign in here, the account name filled in.
    assert.equal(await page.textContent('a.button'), 'Sign in now');
    await page.click('a.button');
    assert.match(page.url(), /\/interaction\//);
    assert.equal(await page.inputValue('#login'), 'journey.english');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await context.close();
  });
});
